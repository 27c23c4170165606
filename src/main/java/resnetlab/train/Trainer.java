package resnetlab.train;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import resnetlab.data.Augmentation;
import resnetlab.data.Batches;
import resnetlab.data.DataSplit;
import resnetlab.data.Dataset;
import resnetlab.kernel.Compute;
import resnetlab.model.Network;
import resnetlab.model.ResidualBlock;
import resnetlab.nn.Parameter;
import resnetlab.nn.Sequential;
import resnetlab.nn.SoftmaxCrossEntropy;
import resnetlab.tensor.Tensor;

/**
 * Trains one network on one data split with SGD, reporting every iteration to its listeners.
 *
 * <p>One iteration: next shuffled batch → zero grads → forward (training mode) → softmax cross-entropy →
 * backward → SGD step (which also takes the gradient norms) → statistics. A diverged loss ({@link Divergence}: NaN, infinite, or above
 * 100·ln(classes) for several iterations in a row) stops the run in state {@link RunState#DIVERGED} with the
 * message "diverged at iteration i: loss L" before the step is applied; that iteration is not recorded, the
 * earlier ones stay in the history. Nothing is thrown, so other runs carry on. Not thread-safe: one thread drives a trainer; listeners are called on it.
 */
public final class Trainer {
    /** One row of the training history. */
    public record Point(int iteration, double trainLoss, double trainError, double lr) {}

    private final Network net;
    private final DataSplit data;
    private final TrainConfig config;
    private final Sgd sgd;
    /** Per probed layer ({@link Network#probes}), the index of its weight among the optimizer's parameters. */
    private final int[] probeParameters;
    private final LearningRateSchedule schedule;
    private final Batches batches;
    private final SoftmaxCrossEntropy criterion = new SoftmaxCrossEntropy();
    private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Point> history = new ArrayList<>();
    private final List<EvalResult> evals = new ArrayList<>();
    private final Divergence divergenceCheck;

    private int iteration;
    private RunState state = RunState.READY;
    private String divergence;
    private double divergedLoss = Double.NaN;
    private double stepSeconds;
    private long imagesSeen;

    public Trainer(Network net, DataSplit data, TrainConfig config) {
        this.net = net;
        this.data = data;
        this.config = config.validate();
        var spec = net.spec();
        Dataset train = data.train();
        if (train.channels() != spec.inChannels() || train.height() != spec.imageSize() || train.width() != spec.imageSize()) {
            throw new IllegalArgumentException("the network expects " + spec.inChannels() + "x" + spec.imageSize() + "x"
                    + spec.imageSize() + " images but " + train.name() + " has " + train.channels() + "x" + train.height()
                    + "x" + train.width());
        }
        if (train.numClasses() != spec.classes()) {
            throw new IllegalArgumentException("the network has " + spec.classes() + " outputs but " + train.name()
                    + " has " + train.numClasses() + " classes");
        }
        this.divergenceCheck = new Divergence(spec.classes());
        Compute compute = Sequential.computeOf(net.stem().layers());
        List<Parameter> params = net.parameters();
        this.sgd = new Sgd(params, config.momentum(), config.weightDecay(), compute != null ? compute : Compute.SERIAL_REFERENCE);
        // where each probed layer's weight sits among the optimizer's parameters, for its gradient norm
        Map<Parameter, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < params.size(); i++) index.put(params.get(i), i);
        this.probeParameters = net.probes().stream().mapToInt(p -> index.get(p.conv().weight())).toArray();
        this.schedule = new LearningRateSchedule(config.lr(), config.milestones(), config.warmup());
        int batch = Math.min(config.batch(), train.size());
        this.batches = Batches.shuffled(train, batch, true, config.augment() ? Augmentation.STANDARD : Augmentation.NONE, config.seed());
    }

    public void addListener(TrainingListener l) { listeners.add(l); }
    public void removeListener(TrainingListener l) { listeners.remove(l); }

    public Network network() { return net; }
    public DataSplit data() { return data; }
    public TrainConfig config() { return config; }
    public int iteration() { return iteration; }
    public RunState state() { return state; }
    /** "diverged at iteration i: loss L ..." once the run diverged, else null. */
    public String divergence() { return divergence; }

    /** The training loss that stopped the run (NaN before it diverged), for messages built in another language. */
    public double divergedLoss() { return divergedLoss; }

    /** The loss bound of the divergence rule ({@link Divergence#bound()}). */
    public double divergenceBound() { return divergenceCheck.bound(); }
    public List<Point> history() { return history; }
    public List<EvalResult> evals() { return evals; }
    public Sgd optimizer() { return sgd; }

    /** Training images per second of compute, over all steps so far (evaluation excluded). */
    public double imagesPerSecond() { return stepSeconds == 0 ? 0 : imagesSeen / stepSeconds; }

    /** Takes one SGD step; returns its statistics, or null when the run has diverged. */
    public IterationStats step() {
        if (state == RunState.DIVERGED) return null;
        long t0 = System.nanoTime();
        batches.advance();
        Tensor x = batches.images();
        int[] y = batches.labels();
        double lr = schedule.rate(iteration);
        net.zeroGrad();
        Tensor logits = net.forward(x, true);
        double loss = criterion.forward(logits, y);
        String diverged = divergenceCheck.check(iteration + 1, loss);
        if (diverged != null) {
            state = RunState.DIVERGED;
            divergence = diverged;
            divergedLoss = loss;
            for (TrainingListener l : listeners) l.onDiverged(iteration + 1, divergence);
            return null;
        }
        double error = (double) criterion.errors() / y.length;
        net.backward(criterion.gradient(), false); // nothing reads dL/dimage in training
        List<BlockStats> blocks = blockStats();
        sgd.step(lr); // leaves the gradients as they were, and their norms for the layer statistics
        List<LayerStats> layers = layerStats();
        schedule.observeError(error);
        double seconds = (System.nanoTime() - t0) / 1e9;
        stepSeconds += seconds;
        imagesSeen += y.length;
        iteration++;
        history.add(new Point(iteration, loss, error, lr));
        IterationStats stats = new IterationStats(iteration, batches.epoch(), loss, error, lr, y.length, seconds, blocks, layers);
        for (TrainingListener l : listeners) l.onIteration(stats);
        return stats;
    }

    /**
     * Trains until {@link TrainConfig#iterations()} steps are done, the run diverges, or {@code cancelled}
     * says stop (checked between steps). Evaluates the test set every {@code evalEvery} steps and at the end.
     */
    public RunState run(BooleanSupplier cancelled) {
        state = RunState.RUNNING;
        while (iteration < config.iterations()) {
            if (cancelled.getAsBoolean()) { state = RunState.CANCELLED; break; }
            if (step() == null) break;
            if (config.evalEvery() > 0 && iteration % config.evalEvery() == 0 && iteration < config.iterations()) evaluateTest();
        }
        if (state == RunState.RUNNING) {
            evaluateTest();
            state = RunState.FINISHED;
        }
        for (TrainingListener l : listeners) l.onFinished(state);
        return state;
    }

    /** Evaluates the test set in eval mode, records and reports it. */
    public EvalResult evaluateTest() {
        EvalResult r = Evaluation.evaluate(net, data.test(), config.batch(), iteration);
        evals.add(r);
        for (TrainingListener l : listeners) l.onEvaluation(r);
        return r;
    }

    /** Mean training-batch error over the last 10% of iterations (at least one). */
    public double finalTrainError() {
        if (history.isEmpty()) return Double.NaN;
        int k = Math.max(1, (int) Math.ceil(history.size() * 0.1));
        double s = 0;
        for (int i = history.size() - k; i < history.size(); i++) s += history.get(i).trainError();
        return s / k;
    }

    private List<BlockStats> blockStats() {
        List<ResidualBlock> bs = net.blocks();
        List<BlockStats> out = new ArrayList<>(bs.size());
        for (int i = 0; i < bs.size(); i++) {
            ResidualBlock b = bs.get(i);
            out.add(new BlockStats(i, b.outGradNorm(), b.skipGradNorm(), b.branchGradNorm(), b.shortcutScale()));
        }
        return out;
    }

    private List<LayerStats> layerStats() {
        List<Network.ConvProbe> probes = net.probes();
        List<LayerStats> out = new ArrayList<>(probes.size());
        for (int i = 0; i < probes.size(); i++) {
            Network.ConvProbe p = probes.get(i);
            out.add(new LayerStats(p.name(), Math.sqrt(sgd.gradientSumSquares(probeParameters[i])), p.responseStd()));
        }
        return out;
    }
}
