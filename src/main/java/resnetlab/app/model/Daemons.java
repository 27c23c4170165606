package resnetlab.app.model;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads, so background work never keeps the app alive after its window closes. */
final class Daemons {
    private static final AtomicInteger COUNT = new AtomicInteger();

    private Daemons() {}

    static ThreadFactory factory(String name) {
        return r -> {
            Thread t = new Thread(r, name + "-" + COUNT.incrementAndGet());
            t.setDaemon(true);
            // below the FX thread: the window stays responsive when training saturates the cores
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        };
    }
}
