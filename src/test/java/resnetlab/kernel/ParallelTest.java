package resnetlab.kernel;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.*;

/** The gang of {@link Parallel}: every index once, helpers really used, failures and nesting handled. */
class ParallelTest {

    @Test void everyIndexRunsExactlyOnceOverManyCalls() {
        try (Parallel p = new Parallel(3)) {
            for (int call = 0; call < 2000; call++) {
                int count = 1 + call % 17;
                AtomicIntegerArray runs = new AtomicIntegerArray(count);
                p.forEach(count, runs::incrementAndGet);
                for (int i = 0; i < count; i++) assertEquals(1, runs.get(i), "call " + call + " index " + i);
            }
        }
    }

    @Test void helpersTakePartAndTheCallerIsOneOfTheWorkers() throws Exception {
        try (Parallel p = new Parallel(2)) {
            Set<Thread> seen = ConcurrentHashMap.newKeySet();
            // Two indices that wait for each other can only finish if two threads run them at once.
            CountDownLatch both = new CountDownLatch(2);
            p.forEach(2, i -> {
                seen.add(Thread.currentThread());
                both.countDown();
                try {
                    assertTrue(both.await(10, java.util.concurrent.TimeUnit.SECONDS), "the other index never ran alongside");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(2, seen.size());
            assertTrue(seen.contains(Thread.currentThread()), "the caller runs indices too");
        }
    }

    @Test void wakesParkedHelpersAfterAPause() throws Exception {
        try (Parallel p = new Parallel(2)) {
            for (int round = 0; round < 5; round++) {
                Thread.sleep(5); // far longer than the helpers' spin: they park
                CountDownLatch both = new CountDownLatch(2);
                p.forEach(2, i -> {
                    both.countDown();
                    try {
                        assertTrue(both.await(10, java.util.concurrent.TimeUnit.SECONDS), "a parked helper was not woken");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        }
    }

    @Test void aFailureReachesTheCallerAndTheGangStaysUsable() {
        try (Parallel p = new Parallel(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.forEach(8, i -> {
                if (i == 5) throw new IllegalStateException("index 5 failed");
            }));
            assertEquals("index 5 failed", e.getMessage());
            AtomicIntegerArray runs = new AtomicIntegerArray(8);
            p.forEach(8, runs::incrementAndGet);
            for (int i = 0; i < 8; i++) assertEquals(1, runs.get(i));
        }
    }

    @Test void nestedCallsRunInlineOnTheCallingThread() {
        try (Parallel p = new Parallel(2)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(16);
            p.forEach(4, outer -> {
                Thread self = Thread.currentThread();
                p.forEach(4, inner -> {
                    assertSame(self, Thread.currentThread(), "a nested loop left its thread");
                    runs.incrementAndGet(outer * 4 + inner);
                });
            });
            for (int i = 0; i < 16; i++) assertEquals(1, runs.get(i));
        }
    }

    @Test void forRangesCoversTheLengthWithoutOverlap() {
        try (Parallel p = new Parallel(2)) {
            for (int length : new int[] {0, 1, 63, Parallel.MIN_RANGE - 1, Parallel.MIN_RANGE * 2 + 77, 1_000_003}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(1, length));
                p.forRanges(length, (from, to) -> { for (int i = from; i < to; i++) hits.incrementAndGet(i); });
                for (int i = 0; i < length; i++) assertEquals(1, hits.get(i), "length " + length + " index " + i);
            }
        }
    }

    @Test void sumsAddEachRangesSumsInRangeOrder() {
        try (Parallel p = new Parallel(2)) {
            for (int length : new int[] {0, 5, Parallel.MIN_RANGE * 2 + 77, 1_000_003}) {
                double[] sums = {42, 42};
                AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(1, length));
                p.sums(length, sums, p.partialSums(2), (from, to, acc) -> {
                    for (int i = from; i < to; i++) {
                        hits.incrementAndGet(i);
                        acc[0] += i;
                        acc[1] += 1;
                    }
                });
                for (int i = 0; i < length; i++) assertEquals(1, hits.get(i), "length " + length + " index " + i);
                assertEquals(length * (length - 1.0) / 2, sums[0], 0.0, "Σi over " + length);
                assertEquals(length, sums[1], 0.0, "count over " + length);
                double[] again = new double[2];
                p.sums(length, again, p.partialSums(2), (from, to, acc) -> { for (int i = from; i < to; i++) acc[0] += Math.sqrt(i); });
                double[] third = new double[2];
                p.sums(length, third, p.partialSums(2), (from, to, acc) -> { for (int i = from; i < to; i++) acc[0] += Math.sqrt(i); });
                assertEquals(again[0], third[0], 0.0, "the same split and order every call");
            }
        }
    }

    /**
     * Each thread's partial sums end at least 128 bytes before the next array begins, whatever the count: two cores
     * adding into one cache line made batch norm's sums as slow on two threads as on one.
     */
    @Test void eachThreadsSumsAreTwoCacheLinesApart() {
        for (int count : new int[] {1, 3, 16, 64}) {
            double[][] s = Parallel.separateSums(3, count);
            assertEquals(3, s.length);
            for (double[] a : s) assertTrue(a.length - count >= 128 / Double.BYTES, count + " sums in " + a.length + " doubles");
        }
        try (Parallel p = new Parallel(2)) {
            double[][] s = p.partialSums(5);
            assertEquals(2, s.length);
            for (double[] a : s) assertTrue(a.length >= 5 + 128 / Double.BYTES);
        }
    }

    @Test void aClosedGangStillRunsLoopsInline() {
        Parallel p = new Parallel(2);
        p.close();
        AtomicIntegerArray runs = new AtomicIntegerArray(5);
        p.forEach(5, runs::incrementAndGet);
        for (int i = 0; i < 5; i++) assertEquals(1, runs.get(i));
    }
}
