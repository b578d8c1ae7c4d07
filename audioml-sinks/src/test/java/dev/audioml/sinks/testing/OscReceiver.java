package dev.audioml.sinks.testing;

import com.illposed.osc.MessageSelector;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCMessageEvent;
import com.illposed.osc.OSCPacketDispatcher;
import com.illposed.osc.transport.OSCPortIn;
import com.illposed.osc.transport.OSCPortInBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real JavaOSC UDP receiver on 127.0.0.1 (a free port), collecting every message it parses (shared with other
 * modules' tests through the sinks test-jar).
 */
public final class OscReceiver implements AutoCloseable {
    /** How long {@link #next()} waits, in milliseconds. */
    public static final long RECEIVE_TIMEOUT_MS = 5_000;

    private final LinkedBlockingQueue<OSCMessage> messages = new LinkedBlockingQueue<>();
    private final OSCPortIn port;
    private final InetSocketAddress address;

    /** Binds a free UDP port on the loopback address and starts listening. */
    public OscReceiver() {
        try {
            address = new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort());
            OSCPacketDispatcher dispatcher = new OSCPacketDispatcher();
            dispatcher.setAlwaysDispatchingImmediately(true);
            dispatcher.addListener(new MessageSelector() {
                        @Override
                        public boolean isInfoRequired() {
                            return true; // keeps the type tags
                        }

                        @Override
                        public boolean matches(OSCMessageEvent event) {
                            return true;
                        }
                    }, event -> messages.add(event.getMessage()));
            port = new OSCPortInBuilder()
                    .setLocalSocketAddress(address)
                    .setRemoteSocketAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .setPacketListener(dispatcher)
                    .build();
            port.startListening();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** @return where to send */
    public InetSocketAddress address() {
        return address;
    }

    /** @return the next message; an AssertionError after the timeout */
    public OSCMessage next() throws InterruptedException {
        OSCMessage m = messages.poll(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new AssertionError("no OSC message within " + RECEIVE_TIMEOUT_MS + " ms on " + address);
        }
        return m;
    }

    /** @param n how many @return the next {@code n} messages */
    public List<OSCMessage> next(int n) throws InterruptedException {
        List<OSCMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    /** @param millis how long to wait @return the messages that arrive within {@code millis} */
    public List<OSCMessage> drain(long millis) throws InterruptedException {
        List<OSCMessage> out = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        OSCMessage m;
        while ((m = messages.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
            out.add(m);
        }
        return out;
    }

    /** @param m a received message @return its OSC type tags, e.g. {@code sf} */
    public static String typeTags(OSCMessage m) {
        return m.getInfo().getArgumentTypeTags().toString();
    }

    @Override
    public void close() throws IOException {
        port.stopListening();
        port.close();
    }
}
