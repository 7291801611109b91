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
 * dry run can learn how many bytes a run sends and where its steps begin.
 */
final class CuttingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final AtomicLong sent = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile long cutAfterBytes;
    private volatile boolean cut;

    CuttingProxy(int targetPort, long cutAfterBytes) throws IOException {
        this.targetPort = targetPort;
        this.cutAfterBytes = cutAfterBytes;
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
                    try {
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            if (fromClient) {
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
