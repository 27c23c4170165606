package resnetlab.app.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import resnetlab.data.DataSplit;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ResidualBlock;
import resnetlab.train.BlockStats;
import resnetlab.train.Checkpoint;
import resnetlab.train.EvalResult;
import resnetlab.train.IterationStats;
import resnetlab.train.MemoryEstimate;
import resnetlab.train.Trainer;
import resnetlab.train.TrainingListener;
import resnetlab.train.TrainingRun;

/**
 * Trains one bench model on a thread of its own, with its own {@link Compute}: the network, the trainer and
 * the compute are touched only on that thread. Commands ({@link #build}, {@link #play}, {@link #step}, ...)
 * may come from any thread; they are queued there and run between SGD steps, so a save or a snapshot sees
 * consistent weights. Progress leaves as {@link RunEvent}s in {@link #events()}, which the UI drains once per
 * frame. No JavaFX here.
 *
 * <p>Playing is a chain of single-step tasks, each scheduling the next one after the delay that the speed
 * setting asks for; other commands slot in between.
 */
public final class TrainingWorker implements AutoCloseable {
    private final String name;
    private final ScheduledThreadPoolExecutor thread;
    private final Queue<RunEvent> events = new ConcurrentLinkedQueue<>();
    private final AtomicLong imagesTrained = new AtomicLong();
    /**
     * The estimated heap of every worker's installed model ({@link MemoryEstimate#training}), so that a new model
     * is checked against the heap minus what the other models on the bench already hold.
     */
    private static final Map<TrainingWorker, Double> HELD = new java.util.concurrent.ConcurrentHashMap<>();

    private volatile int generation;
    private volatile boolean playing;
    private volatile long stepDelayNanos;
    private volatile int target = Integer.MAX_VALUE;
    /**
     * Counts {@link #play()} calls, so that a chain reaching its target stops playing only when no play came
     * after it started its step: a "train on to a higher target" that lands while the step finishes is kept.
     */
    private final Object playLock = new Object();
    private long plays;

    // confined to the worker thread
    private Compute compute;
    private Network net;
    private Trainer trainer;
    private DataSplit data;
    private TrainSettings settings;
    private long seed;
    private int offset;
    private int chain = -1;
    private int lastEval = -1;
    private long playsAtStep;

    public TrainingWorker(String name) {
        this.name = name;
        this.thread = new ScheduledThreadPoolExecutor(1, Daemons.factory("train-" + name));
        thread.setRemoveOnCancelPolicy(true);
    }

    public Queue<RunEvent> events() { return events; }
    public int generation() { return generation; }
    public boolean isPlaying() { return playing; }
    /** Images trained since this worker was made (all generations): for throughput measurements. */
    public long imagesTrained() { return imagesTrained.get(); }

    /** Steps per second at most; infinite or ≤ 0 for as fast as the CPU allows. */
    public void setSpeed(double stepsPerSecond) {
        stepDelayNanos = Double.isFinite(stepsPerSecond) && stepsPerSecond > 0 ? (long) (1e9 / stepsPerSecond) : 0;
    }

    /** Playing stops when the iteration count reaches {@code iterations}. */
    public void setTarget(int iterations) { target = iterations; }

    /**
     * Builds a fresh network (He init from {@code seed}) and its trainer; drops everything the worker did
     * before. Returns the generation the new model's events will carry.
     */
    public int build(ModelSetup setup, TrainSettings settings, CompletableFuture<DataSplit> data, long seed, int threads) {
        int gen = newGeneration();
        submit(() -> guarded(gen, () -> {
            DataSplit d = data.join();
            NetworkSpec spec = TrainingRun.fitToData(setup.spec(1, 8, 2), d).validate();
            install(gen, spec, d, settings, seed, threads, null, 0);
        }));
        return gen;
    }

    /** Like {@link #build} but with the weights of a checkpoint, continuing the iteration count from {@code iteration}. */
    public int restore(ModelSetup setup, TrainSettings settings, CompletableFuture<DataSplit> data, long seed, int threads,
                       Path checkpoint, int iteration) {
        int gen = newGeneration();
        submit(() -> guarded(gen, () -> {
            DataSplit d = data.join();
            NetworkSpec spec = TrainingRun.fitToData(setup.spec(1, 8, 2), d).validate();
            install(gen, spec, d, settings, seed, threads, checkpoint, iteration);
        }));
        return gen;
    }

    private int newGeneration() {
        playing = false;
        return ++generation;
    }

    private void install(int gen, NetworkSpec spec, DataSplit d, TrainSettings s, long seed, int threads, Path ckpt,
                         int iteration) throws Exception {
        closeCompute();
        requireMemory(spec, s.batch());
        compute = Compute.best(threads);
        Network n = NetworkBuilder.build(spec, compute, seed);
        if (ckpt != null) Checkpoint.loadInto(ckpt, n);
        net = n;
        data = d;
        settings = s;
        this.seed = seed;
        offset = iteration;
        lastEval = -1;
        trainer = newTrainer(gen);
        List<ResidualBlock> blocks = n.blocks();
        double[] lambdas = new double[blocks.size()];
        boolean[] down = new boolean[blocks.size()];
        for (int i = 0; i < lambdas.length; i++) {
            lambdas[i] = blocks.get(i).shortcutScale();
            down[i] = blocks.get(i).isDownsampling();
        }
        events.add(new RunEvent.Built(gen, spec, n.weightCount(), d.train().description(), lambdas, down, threads, offset));
    }

    private Trainer newTrainer(int gen) {
        // continuing after a restore or a change of settings: a fresh data order, still the same for every model
        Trainer t = new Trainer(net, data, settings.config(seed + offset, compute.threads()));
        t.addListener(new Listener(gen, t));
        return t;
    }

    /** New learning rate / batch size from the next step on; the trained weights are kept. */
    public void apply(TrainSettings s) {
        int gen = generation;
        submit(() -> guarded(gen, () -> {
            if (trainer == null) return;
            boolean same = settings.lr() == s.lr() && settings.batch() == s.batch() && settings.evalEvery() == s.evalEvery();
            if (s.batch() != settings.batch()) HELD.put(this, held(MemoryEstimate.training(net.spec(), s.batch())));
            settings = s;
            if (same) return;
            offset += trainer.iteration();
            trainer = newTrainer(gen);
        }));
    }

    public void play() {
        synchronized (playLock) {
            plays++;
            playing = true;
        }
        int gen = generation;
        submit(() -> {
            if (chain == gen || gen != generation) return;
            chain = gen;
            tick(gen);
        });
    }

    public void pause() { playing = false; }

    /** One SGD step (and the test evaluation if one is due), whether or not the model is playing. */
    public void step() {
        int gen = generation;
        submit(() -> guarded(gen, () -> {
            if (!playing) stepOnce(gen, false);
        }));
    }

    private void tick(int gen) {
        if (gen != generation || !playing) {
            if (chain == gen) chain = -1;
            return;
        }
        long t0 = System.nanoTime();
        synchronized (playLock) { playsAtStep = plays; }
        boolean more;
        try {
            more = ComputeShare.step(() -> stepOnce(gen, true)); // takes turns with the other models while the window is open
        } catch (InterruptedException closed) {
            Thread.currentThread().interrupt();
            more = false;
        } catch (RuntimeException | Error e) {
            fail(gen, e);
            more = false;
        }
        if (!more) {
            stopPlayingUnlessAskedAgain();
            chain = -1;
            return;
        }
        long wait = Math.max(0, stepDelayNanos - (System.nanoTime() - t0));
        try {
            thread.schedule(() -> tick(gen), wait, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            chain = -1;
        }
    }

    /** @return whether playing may go on */
    private boolean stepOnce(int gen, boolean respectTarget) {
        if (trainer == null) return false;
        if (respectTarget && offset + trainer.iteration() >= target) {
            finish(gen);
            return false;
        }
        IterationStats stats = trainer.step();
        if (stats == null) return false; // diverged: the listener has reported it
        imagesTrained.addAndGet(stats.batch());
        int it = offset + stats.iteration();
        int every = settings.evalEvery();
        if (every > 0 && it % every == 0) evaluate();
        if (respectTarget && it >= target) {
            finish(gen);
            return false;
        }
        return true;
    }

    /** Evaluates the test set now (an imported model's test error for its card), between steps. */
    public void evaluateNow() {
        int gen = generation;
        submit(() -> guarded(gen, () -> {
            if (trainer != null) evaluate();
        }));
    }

    private void finish(int gen) {
        int it = offset + trainer.iteration();
        if (lastEval != it) evaluate();
        // before the event: whoever drains it and sees the worker still playing knows another play came after
        stopPlayingUnlessAskedAgain();
        events.add(new RunEvent.Finished(gen, it));
    }

    /** The chain stops; a play() that came while its step ran keeps playing on (its own task follows). */
    private void stopPlayingUnlessAskedAgain() {
        synchronized (playLock) {
            if (plays == playsAtStep) playing = false;
        }
    }

    private void evaluate() {
        trainer.evaluateTest();
        lastEval = offset + trainer.iteration();
    }

    /**
     * Saves the current weights as a checkpoint (between steps), with the iteration count in its metadata.
     * Completes with the iteration saved.
     */
    public CompletableFuture<Integer> saveCheckpoint(Path file) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        boolean queued = submit(() -> {
            try {
                if (net == null) throw new IllegalStateException(name + ": the model is not built");
                int it = offset + trainer.iteration();
                Checkpoint.save(file, net, Map.of("iteration", it, "model", net.spec().displayName()));
                done.complete(it);
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        });
        if (!queued) done.completeExceptionally(new IllegalStateException(name + ": the model was closed"));
        return done;
    }

    private void guarded(int gen, ThrowingRunnable r) {
        if (gen != generation) return;
        try {
            r.run();
        } catch (Exception | Error e) {
            fail(gen, e);
        }
    }

    private void fail(int gen, Throwable e) {
        playing = false;
        Throwable cause = e;
        while ((cause instanceof java.util.concurrent.CompletionException || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) cause = cause.getCause();
        String msg = cause instanceof OutOfMemoryError ? "out of memory: choose a smaller model or data preset"
                : cause.getMessage() == null ? cause.toString() : cause.getMessage();
        events.add(cause instanceof MemoryCheck.Refused r ? new RunEvent.Failed(gen, msg, r.notice()) : new RunEvent.Failed(gen, msg));
    }

    /**
     * Refuses (before anything is allocated) a model that would not fit beside the others: the message, with the
     * estimate, the heap and what to change, becomes this model's error on its card, and the app runs on.
     */
    private void requireMemory(NetworkSpec spec, int batch) {
        MemoryEstimate mine = MemoryEstimate.training(spec, batch);
        double others = 0;
        for (var e : HELD.entrySet()) if (e.getKey() != this) others += e.getValue();
        MemoryEstimate need = others > 0 ? mine.plus(new MemoryEstimate.Part("the other models on the bench", others)) : mine;
        try {
            need.require(spec.displayName() + " at batch " + batch, "a smaller depth, width or batch, or fewer models on the bench");
        } catch (MemoryEstimate.Refusal r) {
            throw new MemoryCheck.Refused(r, Notice.info("memory.what.training", spec.displayName(), batch), Notice.info("memory.change.training"));
        }
        HELD.put(this, held(mine));
    }

    /** What a model with this training estimate holds beside the others: the fixed base is counted once, in a new model's estimate. */
    private static double held(MemoryEstimate training) { return training.bytes() - MemoryEstimate.BASE_BYTES; }

    /** What the bench's models hold (their {@link MemoryEstimate#training} estimates, the fixed base not included). */
    static double heldBytes() {
        double s = 0;
        for (double b : HELD.values()) s += b;
        return s;
    }

    private void closeCompute() {
        HELD.remove(this);
        if (compute != null) compute.close();
        compute = null;
        net = null;
        trainer = null;
    }

    /** Stops training and frees the compute threads; later commands are ignored. Idempotent. */
    @Override public synchronized void close() {
        playing = false;
        generation++;
        if (thread.isShutdown()) return;
        thread.execute(this::closeCompute);
        thread.shutdown();
    }

    /** Runs a command on the worker thread, unless the worker is closed. */
    private boolean submit(Runnable r) {
        try {
            thread.execute(r);
            return true;
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            return false; // closed: the model left the bench
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable { void run() throws Exception; }

    /** Turns the trainer's reports into events; runs on the worker thread. */
    private final class Listener implements TrainingListener {
        private final int gen;
        private final Trainer owner;

        Listener(int gen, Trainer owner) { this.gen = gen; this.owner = owner; }

        @Override public void onIteration(IterationStats s) {
            List<BlockStats> bs = s.blocks();
            int b = bs.size();
            double[] in = new double[b], out = new double[b], skip = new double[b], branch = new double[b];
            for (int i = 0; i < b; i++) {
                BlockStats st = bs.get(i);
                out[i] = st.outGrad();
                skip[i] = st.skipGrad();
                branch[i] = st.branchGrad();
                in[i] = i == 0 ? owner.network().blockInputGradNorm() : bs.get(i - 1).outGrad();
            }
            events.add(new RunEvent.Step(gen, offset + s.iteration(), s.epoch(), s.loss(), s.error(), s.lr(), s.batch(),
                    s.seconds(), in, out, skip, branch, imagesTrained.get() + s.batch(), System.nanoTime()));
        }

        @Override public void onEvaluation(EvalResult r) {
            events.add(new RunEvent.Eval(gen, offset + r.iteration(), r.error(), r.loss(), r.images()));
        }

        @Override public void onDiverged(int iteration, String message) {
            playing = false;
            events.add(new RunEvent.Diverged(gen, offset + iteration, message, owner.divergedLoss(), owner.divergenceBound()));
        }
    }
}
