package bench;

import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Runs the processor named by {@code -J-Dmeasure.processor=...} (Retort's by default) and prints, when
 * processing is over, the CPU time and the bytes allocated by its own {@code init} and {@code process}
 * calls on javac's thread: figures a loaded machine hardly moves, unlike wall or process CPU time.
 * With {@code -J-Dmeasure.threads=true} it also prints, at exit, the CPU time of javac's JVM threads
 * by kind (javac's own thread, the C1 and C2 compilers, the collector).
 *
 * <pre>
 * javac -processorpath &lt;processor jar&gt;:&lt;this class&gt; -processor bench.MeasuringProcessor -proc:only ...
 * </pre>
 */
public class MeasuringProcessor extends AbstractProcessor {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Processor measured;
    private long cpu;
    private long allocated;

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        try {
            measured = (Processor) Class.forName(
                            System.getProperty("measure.processor", "dev.retort.processor.RetortProcessor"),
                            true,
                            getClass().getClassLoader())
                    .getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        long[] start = now();
        measured.init(env);
        add(start);
        if (Boolean.getBoolean("measure.threads")) {
            Runtime.getRuntime().addShutdownHook(new Thread(MeasuringProcessor::printThreads));
        }
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return measured.getSupportedAnnotationTypes();
    }

    @Override
    public Set<String> getSupportedOptions() {
        return measured.getSupportedOptions();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        long[] start = now();
        boolean claimed = measured.process(annotations, round);
        add(start);
        if (round.processingOver()) {
            // no String.format: it would load the locale data into javac's JVM for this line alone
            System.err.println("processor cpu_ms=" + cpu / 1_000_000 + " allocated_kb=" + allocated / 1024);
        }
        return claimed;
    }

    private static long[] now() {
        return new long[] {
            THREADS.getCurrentThreadCpuTime(), THREADS.getThreadAllocatedBytes(Thread.currentThread().getId())
        };
    }

    private void add(long[] start) {
        long[] end = now();
        cpu += end[0] - start[0];
        allocated += end[1] - start[1];
    }

    /** CPU milliseconds of the JVM's threads by kind, from /proc (Linux). */
    private static void printThreads() {
        Map<String, Long> byKind = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            // javac's own thread keeps the launcher's name ("javac"); the JVM names the threads it starts
            String launcher = Files.readString(Path.of("/proc/self/comm")).trim();
            for (Path task : tasks) {
                String stat = Files.readString(task.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
                String kind;
                if (name.startsWith("C1 ") || name.startsWith("C2 ")) {
                    kind = name.substring(0, 2);
                } else if (name.startsWith("G1") || name.startsWith("GC")) {
                    kind = "GC";
                } else {
                    kind = name.equals(launcher) ? "javac" : "other";
                }
                byKind.merge(kind, ticks * 10, Long::sum); // ticks of 10 ms
            }
        } catch (Exception e) {
            System.err.println("thread times unavailable: " + e);
            return;
        }
        System.err.println("threads cpu_ms=" + byKind);
    }
}
