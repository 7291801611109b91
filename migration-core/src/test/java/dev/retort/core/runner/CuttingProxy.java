package dev.retort.core.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy between a JDBC driver and a database server that cuts every connection
 * through it (a reset, as a dropped network path or a killed load balancer leaves it) once the
 * client has sent {@code cutAfterBytes} bytes. With {@code Long.MAX_VALUE} it only counts, so a
 * dry run can learn how many bytes a run sends and where its steps begin. Or, deterministically,
 * when the client sends a given text for the n-th time (a statement of the journal, say): the
 * message is cut in the middle of that text, so the server never receives the statement whole.
 */
final class CuttingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final AtomicLong sent = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile long cutAfterBytes;
    private volatile boolean cut;
    /** The text whose {@code occurrence}-th sending cuts, as bytes in ISO-8859-1; null: cut by count. */
    private final String marker;

    private final int occurrence;
    private int seen;

    CuttingProxy(int targetPort, long cutAfterBytes) throws IOException {
        this(targetPort, cutAfterBytes, null, 0);
    }

    /**
     * Cuts when a client sends {@code marker} (ASCII, as the statement's text travels in MySQL's and
     * PostgreSQL's protocols) for the {@code occurrence}-th time, counted over every connection.
     */
    CuttingProxy(int targetPort, String marker, int occurrence) throws IOException {
        this(targetPort, Long.MAX_VALUE, marker, occurrence);
    }

    private CuttingProxy(int targetPort, long cutAfterBytes, String marker, int occurrence) throws IOException {
        this.targetPort = targetPort;
        this.cutAfterBytes = cutAfterBytes;
        this.marker = marker;
        this.occurrence = occurrence;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "cutting-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Bytes the clients sent so far. */
    long sent() {
        return sent.get();
    }

    boolean didCut() {
        return cut;
    }

    /** {@code url} with its port replaced by the proxy's. */
    String through(String url) {
        return url.replaceFirst(":" + targetPort + "/", ":" + port() + "/");
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pump(client.getInputStream(), upstream.getOutputStream(), true);
                pump(upstream.getInputStream(), client.getOutputStream(), false);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(InputStream in, OutputStream out, boolean fromClient) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[8192];
                    String tail = "";
                    try {
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            if (fromClient && marker != null) {
                                sent.addAndGet(n);
                                String window =
                                        tail + new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
                                int pass = markerCut(window, tail.length());
                                if (pass >= 0) {
                                    out.write(buffer, 0, pass);
                                    out.flush();
                                    cut = true;
                                    cutAll();
                                    return;
                                }
                                tail = window.substring(Math.max(0, window.length() - (marker.length() - 1)));
                            } else if (fromClient) {
                                long before = sent.getAndAdd(n);
                                if (before + n > cutAfterBytes) {
                                    // what fits below the limit still goes through: the cut lands inside a message
                                    int pass = (int) Math.max(0, cutAfterBytes - before);
                                    out.write(buffer, 0, pass);
                                    out.flush();
                                    cutAll();
                                    return;
                                }
                            }
                            if (cut) {
                                return;
                            }
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // cut or closed
                    }
                    cutAll();
                },
                "cutting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Counts the marker's occurrences that end in the new bytes of {@code window} (the last bytes of
     * the chunk before, {@code carried} of them, then the chunk); at the occurrence that cuts, how many
     * of the chunk's bytes still go through (up to the marker's middle), else -1.
     */
    private synchronized int markerCut(String window, int carried) {
        for (int at = window.indexOf(marker); at >= 0; at = window.indexOf(marker, at + 1)) {
            if (++seen == occurrence) {
                return Math.max(0, at + marker.length() / 2 - carried);
            }
        }
        return -1;
    }

    private void cutAll() {
        cut = cut || sent.get() > cutAfterBytes;
        for (Socket s : sockets) {
            try {
                s.setSoLinger(true, 0);
                s.close();
            } catch (IOException e) {
                // gone already
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cutAll();
    }
}
