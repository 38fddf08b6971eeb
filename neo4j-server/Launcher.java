/*
 * Starts an embedded Neo4j Community DBMS with Bolt on 127.0.0.1, for tests and
 * local development.
 *
 *   java -cp ".cache/neo4j/lib/*" neo4j-server/Launcher.java DATA_DIR PORT [--stop-on-stdin-close]
 *
 * Java 17 compiles and runs this single file with no build step. The jars come
 * from neo4j-server/pom.xml; tests/neo4j_server.py fetches them, picks the JVM
 * flags and runs this program.
 *
 * DATA_DIR is the Neo4j home: the database goes to DATA_DIR/data and every log,
 * Neo4j's own and anything it writes to the console, to DATA_DIR/logs. Standard
 * output carries exactly two lines, "partnergraph-neo4j ready bolt://127.0.0.1:PORT"
 * once Bolt accepts connections and "partnergraph-neo4j stopped" after a clean
 * shutdown on SIGTERM or Ctrl-C. Errors go to standard error. Auth and TLS are
 * off, so the server must only ever listen on the loopback address.
 *
 * With --stop-on-stdin-close the server also shuts down when its standard input
 * reaches end of file, so it does not outlive a parent process that was killed.
 *
 * Exit status: 0 after a shutdown through standard input, 143 after SIGTERM
 * (the JVM's usual status), 2 for invalid arguments, 3 when the port is already
 * in use, 1 when the DBMS fails to start for another reason.
 */

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

public class Launcher {
    private static final String HOST = "127.0.0.1";
    private static final String STOP_ON_STDIN_CLOSE = "--stop-on-stdin-close";

    public static void main(String[] args) throws Exception {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;

        if (args.length < 2 || args.length > 3
                || (args.length == 3 && !args[2].equals(STOP_ON_STDIN_CLOSE))) {
            stderr.println("usage: Launcher DATA_DIR PORT [" + STOP_ON_STDIN_CLOSE + "]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = parsePort(args[1], stderr);

        // The DBMS reports a busy port only after about 15 s of starting up, so
        // check first. Another process may still take the port in between, and
        // the error handling around build() below covers that case.
        if (!isPortFree(port)) {
            stderr.println(portInUse(port));
            System.exit(3);
        }

        // Neo4j and its libraries may write to the console. Those lines go to a
        // file, so standard output carries only the ready and stopped lines.
        Path logs = home.resolve("logs");
        Files.createDirectories(logs);
        PrintStream console =
                new PrintStream(new FileOutputStream(logs.resolve("console.log").toFile(), true), true);
        System.setOut(console);
        System.setErr(console);

        DatabaseManagementService service;
        try {
            service = build(home, port);
        } catch (RuntimeException error) {
            error.printStackTrace(console);
            if (hasCause(error, BindException.class)) {
                stderr.println(portInUse(port));
                System.exit(3);
            }
            stderr.println("partnergraph-neo4j: failed to start Neo4j: " + error
                    + " (details in " + logs + ")");
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.shutdown();
            stdout.println("partnergraph-neo4j stopped");
            stdout.flush();
            stopped.countDown();
        }, "partnergraph-neo4j-shutdown"));

        stdout.println("partnergraph-neo4j ready bolt://" + HOST + ":" + port);
        stdout.flush();

        if (args.length == 3) {
            drain(System.in);
            // System.exit runs the shutdown hook, which stops the DBMS.
            System.exit(0);
        }
        stopped.await();
    }

    private static DatabaseManagementService build(Path home, int port) {
        return new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                // Shutdown waits for Bolt connections and threads to finish, 5 s
                // each by default in Neo4j 5.26. These internal settings may
                // change without notice in other versions.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(64))
                // Keep only the newest transaction log file, rotate at 8 MiB and
                // write log files as they grow, because Neo4j's defaults keep
                // two days of logs and preallocate 256 MiB files.
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(8))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .build();
    }

    private static int parsePort(String text, PrintStream stderr) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // Reported below together with an out-of-range number.
        }
        stderr.println("partnergraph-neo4j: invalid port " + text + ", expected a number from 1 to 65535");
        System.exit(2);
        return -1;
    }

    private static boolean isPortFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(HOST, port));
            return true;
        } catch (IOException error) {
            return false;
        }
    }

    private static String portInUse(int port) {
        return "partnergraph-neo4j: port " + port + " on " + HOST
                + " is already in use; stop the process listening there or choose another port";
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static void drain(InputStream input) {
        byte[] buffer = new byte[256];
        try {
            while (input.read(buffer) != -1) {
                // Only the end of the stream matters.
            }
        } catch (IOException error) {
            // A broken standard input means the parent is gone, so stop as at end of file.
        }
    }
}
