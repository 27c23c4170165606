package resnetlab.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.data.DataSpec;
import resnetlab.data.Normalization;
import resnetlab.io.Json;
import resnetlab.kernel.Compute;
import resnetlab.model.DimensionOption;
import resnetlab.model.Network;
import resnetlab.model.NetworkBuilder;
import resnetlab.model.NetworkSpec;
import resnetlab.model.ResidualBlock;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;
import resnetlab.nn.Buffer;
import resnetlab.nn.DropoutMask;
import resnetlab.nn.Layer;
import resnetlab.nn.Parameter;
import resnetlab.nn.Sequential;
import resnetlab.nn.SoftmaxCrossEntropy;
import resnetlab.tensor.Tensor;
import resnetlab.train.RunConfig;
import resnetlab.train.TrainConfig;

/**
 * PyTorch's autograd as an outside oracle for our engine. Every shortcut type (identity, λ = 0.5 with and
 * without F×(1−λ), exclusive and shortcut-only gates, 1x1 conv, dropout) × every unit ordering × options A/B/C,
 * and the plain net under every unit ordering, is exported with {@link PytorchProject}, loaded by the exported
 * {@code model.py}, and run on one fixed batch by both engines:
 * <ul>
 *   <li>eval mode (running statistics): the logits agree within 1e-4 × max(1, logit range);</li>
 *   <li>training mode (batch statistics, our dropout masks replayed): the logits agree as well, the running
 *       statistics move the same way, and after one backward pass of the mean cross-entropy every parameter's
 *       gradient agrees within a relative error of 1e-3 (max |ours − torch| / max |torch|; see
 *       {@link #GRADIENT_FLOOR} for the gradients that are zero in exact arithmetic).</li>
 * </ul>
 * The nets are ResNet-14 (two units per stage: a first unit, a downsampling unit and an ordinary one), width 3,
 * 3 channels of 9x9 (odd, so strided maps round up), 5 classes; BN statistics and parameters and the gates'
 * weights are randomised so that no term is trivially 0 or 1. Python runs once for all cases.
 * The largest differences are written to {@code target/pytorch-oracle.json}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PytorchOracleTest {
    static final double LOGIT_TOLERANCE = 1e-4, GRADIENT_TOLERANCE = 1e-3;
    /**
     * Some parameters have a gradient that is exactly zero in exact arithmetic: a BN's β (and, up to ε, its γ)
     * when another BN in training mode follows with nothing nonlinear between (bn2 before the BN after the
     * addition; the last unit's bn2 and the projection BNs of pre-activation nets before the head's BN), since
     * BN ignores a per-channel shift of its input. Both engines then return round-off of up to about 1.4e-7·G, G the
     * largest gradient entry of the net, and their ratio means nothing. So each error is taken relative to
     * max(max |torch|, 1e-3·G): a gradient larger than 1e-3·G is held to 1e-3 of itself, any other to 1e-6·G.
     */
    static final double GRADIENT_FLOOR = 1e-3;

    record Case(String label, NetworkSpec spec) {}

    /** Our side of one case. */
    record Ours(Path dir, Tensor evalLogits, Tensor trainLogits, double loss, Map<String, Tensor> grads, Map<String, Tensor> buffers) {}

    final List<Case> cases = cases();
    final List<Ours> ours = new ArrayList<>();
    final double[] worst = new double[5]; // eval logits, train logits, gradients, buffers, gradients above the floor

    static List<Case> cases() {
        List<Case> cs = new ArrayList<>();
        for (UnitOrder unit : UnitOrder.values()) {
            cs.add(new Case("plain " + unit, spec(ShortcutType.NONE, unit, DimensionOption.A, 0.5, false, -6)));
            for (DimensionOption option : DimensionOption.values()) {
                String tail = " " + unit + " option " + option;
                cs.add(new Case("identity" + tail, spec(ShortcutType.IDENTITY, unit, option, 0.5, false, -6)));
                cs.add(new Case("scaled λ=0.5" + tail, spec(ShortcutType.SCALED, unit, option, 0.5, false, -6)));
                cs.add(new Case("scaled λ=0.5 F×(1−λ)" + tail, spec(ShortcutType.SCALED, unit, option, 0.5, true, -6)));
                cs.add(new Case("exclusive gate b_g=−1" + tail, spec(ShortcutType.EXCLUSIVE_GATE, unit, option, 0.5, false, -1)));
                cs.add(new Case("shortcut gate b_g=0" + tail, spec(ShortcutType.SHORTCUT_GATE, unit, option, 0.5, false, 0)));
                cs.add(new Case("conv1x1" + tail, spec(ShortcutType.CONV1X1, unit, option, 0.5, false, -6)));
                cs.add(new Case("dropout p=0.5" + tail, spec(ShortcutType.DROPOUT, unit, option, 0.5, false, -6)));
            }
        }
        return cs;
    }

    static NetworkSpec spec(ShortcutType type, UnitOrder unit, DimensionOption option, double lambda, boolean scaleBranch, double gateBias) {
        return new NetworkSpec(14, 3, 3, 9, 5, type, lambda, scaleBranch, gateBias, 0.5, unit, option);
    }

    @BeforeAll
    void runBothEngines(@TempDir Path dir) throws Exception {
        String python = PythonTorch.interpreter();
        if (python == null) return; // the test factory skips, giving the reason
        Path oracle = PythonTorch.script(dir, "oracle.py");
        List<String> projects = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(2026);
        int batch = 6;
        for (int i = 0; i < cases.size(); i++) {
            NetworkSpec spec = cases.get(i).spec();
            Network net = NetworkBuilder.build(spec, Compute.reference(), 100 + i);
            randomise(net, random.split());
            Path project = dir.resolve("case" + i);
            var run = new RunConfig(spec, TrainConfig.defaults(1, 100 + i), new DataSpec("shapes", null, 0, 0, spec.imageSize(), 1));
            PytorchProject.write(project, net, run, Normalization.identity(spec.inChannels()), "oracle test");

            Tensor x = new Tensor(batch, spec.inChannels(), spec.imageSize(), spec.imageSize());
            for (int j = 0; j < x.size(); j++) x.data[j] = (float) (2 * random.nextDouble() - 1);
            int[] labels = new int[batch];
            Tensor labelTensor = new Tensor(batch);
            for (int j = 0; j < batch; j++) labelTensor.data[j] = labels[j] = j % spec.classes();

            Tensor evalLogits = net.forward(x, false).copy();
            Tensor trainLogits = net.forward(x, true).copy();
            SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
            double loss = ce.forward(trainLogits, labels);
            net.zeroGrad();
            net.backward(ce.gradient());
            Map<String, Tensor> grads = new LinkedHashMap<>(), buffers = new LinkedHashMap<>();
            for (Parameter p : net.parameters()) grads.put(p.name, p.grad.copy());
            for (Buffer b : net.namedBuffers()) buffers.put(b.name(), b.value().copy());

            Map<String, Tensor> batchFile = new LinkedHashMap<>();
            batchFile.put("x", x);
            batchFile.put("labels", labelTensor);
            for (ResidualBlock b : net.blocks()) {
                DropoutMask mask = dropoutOf(b.shortcut());
                if (mask != null) batchFile.put("mask." + b.name(), mask.lastMask());
            }
            Safetensors.write(project.resolve("batch.safetensors"), batchFile, Map.of());
            ours.add(new Ours(project, evalLogits, trainLogits, loss, grads, buffers));
            projects.add(project.toString());
        }
        Path list = dir.resolve("cases.json");
        Json.write(list, Map.of("projects", projects));
        long t0 = System.nanoTime();
        PythonTorch.Result r = PythonTorch.run(dir, 600, python, oracle.toString(), list.toString());
        assertThat(r.code()).as("oracle.py failed:\n" + r.out()).isZero();
        System.out.printf(Locale.ROOT, "PyTorch oracle: %d cases in %.1f s%n", cases.size(), (System.nanoTime() - t0) / 1e9);
    }

    /** Random BN statistics and affine parameters, gate weights and FC bias, so eval mode is not the identity. */
    static void randomise(Network net, SplittableRandom r) {
        for (Parameter p : net.parameters()) {
            float[] d = p.value.data;
            if (p.name.endsWith(".gamma")) for (int i = 0; i < d.length; i++) d[i] = (float) (0.5 + r.nextDouble());
            else if (p.name.endsWith(".beta") || p.name.equals("fc.bias")) for (int i = 0; i < d.length; i++) d[i] = (float) (0.2 * (2 * r.nextDouble() - 1));
            else if (p.name.endsWith(".gate.weight")) for (int i = 0; i < d.length; i++) d[i] = (float) (0.3 * (2 * r.nextDouble() - 1));
        }
        for (Buffer b : net.namedBuffers()) {
            float[] d = b.value().data;
            boolean var = b.name().endsWith(".running_var");
            for (int i = 0; i < d.length; i++) d[i] = (float) (var ? 0.5 + 1.5 * r.nextDouble() : 0.3 * (2 * r.nextDouble() - 1));
        }
    }

    static DropoutMask dropoutOf(Layer shortcut) {
        if (shortcut instanceof DropoutMask m) return m;
        if (shortcut instanceof Sequential s) for (Layer l : s.layers()) { DropoutMask m = dropoutOf(l); if (m != null) return m; }
        return null;
    }

    @Test
    void everyCaseRanInBothEngines() {
        PythonTorch.assume();
        assertThat(ours).hasSize(cases.size());
        assertThat(cases).hasSize(5 + 7 * 5 * 3);
    }

    @TestFactory
    Stream<DynamicTest> logitsAndGradientsAgreeWithPyTorch() {
        PythonTorch.assume();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Ours o = ours.get(i);
            tests.add(DynamicTest.dynamicTest(c.label(), () -> compare(c, o)));
        }
        return tests.stream();
    }

    void compare(Case c, Ours o) throws Exception {
        Map<String, Tensor> t = Safetensors.read(o.dir().resolve("torch.safetensors")).tensors();
        double evalDiff = logitDiff(o.evalLogits(), t.get("eval.logits"));
        double trainDiff = logitDiff(o.trainLogits(), t.get("train.logits"));
        note(0, evalDiff);
        note(1, trainDiff);
        assertThat(evalDiff).as(c.label() + ": eval-mode logits, max |diff| / max(1, range)").isLessThanOrEqualTo(LOGIT_TOLERANCE);
        assertThat(trainDiff).as(c.label() + ": training-mode logits").isLessThanOrEqualTo(LOGIT_TOLERANCE);
        assertThat(o.loss()).as(c.label() + ": loss").isCloseTo(t.get("loss").data[0], org.assertj.core.data.Offset.offset(1e-4 * Math.max(1, o.loss())));
        assertThat(o.grads().keySet()).as(c.label() + ": parameter names")
                .containsExactlyInAnyOrderElementsOf(t.keySet().stream().filter(k -> k.startsWith("grad.")).map(k -> k.substring(5)).toList());
        double scale = 0; // G: the largest gradient entry of the whole network (PyTorch's)
        for (String name : o.grads().keySet()) scale = Math.max(scale, maxAbs(t.get("grad." + name)));
        for (var e : o.grads().entrySet()) {
            double rel = relative(e.getValue(), t.get("grad." + e.getKey()), GRADIENT_FLOOR * scale);
            note(2, rel);
            if (maxAbs(t.get("grad." + e.getKey())) >= GRADIENT_FLOOR * scale) note(4, rel);
            assertThat(rel).as(c.label() + ": gradient of " + e.getKey() + ", max |diff| / max |torch|").isLessThanOrEqualTo(GRADIENT_TOLERANCE);
        }
        assertThat(o.buffers().keySet()).as(c.label() + ": buffer names")
                .containsExactlyInAnyOrderElementsOf(t.keySet().stream().filter(k -> k.startsWith("buffer.")).map(k -> k.substring(7)).toList());
        for (var e : o.buffers().entrySet()) {
            double rel = relative(e.getValue(), t.get("buffer." + e.getKey()), 1e-12);
            note(3, rel);
            assertThat(rel).as(c.label() + ": running statistic " + e.getKey() + " after the training pass").isLessThanOrEqualTo(LOGIT_TOLERANCE);
        }
    }

    synchronized void note(int k, double v) { worst[k] = Math.max(worst[k], v); }

    /** max |a − b| / max(1, range of b). */
    static double logitDiff(Tensor ours, Tensor torch) {
        assertThat(ours.shape()).isEqualTo(torch.shape());
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY, max = 0;
        for (int i = 0; i < ours.size(); i++) {
            lo = Math.min(lo, torch.data[i]);
            hi = Math.max(hi, torch.data[i]);
            max = Math.max(max, Math.abs(ours.data[i] - torch.data[i]));
        }
        return max / Math.max(1, hi - lo);
    }

    /** max |a − b| / max(max |b|, floor). */
    static double relative(Tensor ours, Tensor torch, double floor) {
        assertThat(ours.shape()).isEqualTo(torch.shape());
        double diff = 0, scale = 0;
        for (int i = 0; i < ours.size(); i++) {
            diff = Math.max(diff, Math.abs(ours.data[i] - torch.data[i]));
            scale = Math.max(scale, Math.abs(torch.data[i]));
        }
        return diff / Math.max(scale, floor);
    }

    static double maxAbs(Tensor t) {
        double m = 0;
        for (float v : t.data) m = Math.max(m, Math.abs(v));
        return m;
    }

    @AfterAll
    void report() throws Exception {
        if (ours.isEmpty()) return;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("cases", cases.size());
        r.put("maxEvalLogitDiff", worst[0]);
        r.put("maxTrainLogitDiff", worst[1]);
        r.put("maxGradientRelativeError", worst[2]);
        r.put("maxGradientRelativeErrorAboveFloor", worst[4]);
        r.put("maxRunningStatRelativeError", worst[3]);
        Files.createDirectories(Path.of("target"));
        Json.write(Path.of("target", "pytorch-oracle.json"), r);
        System.out.println("PyTorch oracle, largest differences: " + r);
    }
}
