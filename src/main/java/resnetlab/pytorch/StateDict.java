package resnetlab.pytorch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import resnetlab.model.Network;
import resnetlab.nn.Buffer;
import resnetlab.nn.Parameter;
import resnetlab.tensor.Tensor;

/**
 * A network's weights as PyTorch sees them: every parameter under its own name ({@code stem.conv.weight},
 * {@code stage2.block0.shortcut.bn.gamma}, {@code stage1.block1.gate.bias}, {@code fc.weight}, ...) and every
 * BN running statistic under {@code LAYER.running_mean} / {@code LAYER.running_var}. The exported
 * {@code model.py} registers its modules under exactly these names, so {@code model.state_dict()} and this map
 * have the same keys and shapes, and weights move in both directions without a mapping table.
 */
public final class StateDict {
    private StateDict() {}

    /** Parameters, then buffers, in the network's order; the tensors are the network's own (not copies). */
    public static Map<String, Tensor> of(Network net) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Parameter p : net.parameters()) m.put(p.name, p.value);
        for (Buffer b : net.namedBuffers()) m.put(b.name(), b.value());
        return m;
    }

    /** Names of the parameters that get weight decay (conv and FC weights, as our SGD decides). */
    public static List<String> decayed(Network net) {
        List<String> names = new ArrayList<>();
        for (Parameter p : net.parameters()) if (p.decay) names.add(p.name);
        return names;
    }

    /**
     * Copies {@code tensors} into {@code net}. Every name of the network must be present with its exact shape
     * and no other name may be; otherwise nothing is copied and the exception's message lists what is missing,
     * extra or of the wrong shape (at most a few of each), prefixed by {@code source}.
     */
    public static void assign(Network net, Map<String, Tensor> tensors, String source) {
        Map<String, Tensor> target = of(net);
        List<String> missing = new ArrayList<>(), wrong = new ArrayList<>(), extra = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : target.entrySet()) {
            Tensor t = tensors.get(e.getKey());
            if (t == null) missing.add(e.getKey());
            else if (!e.getValue().sameShape(t)) wrong.add(e.getKey() + " is " + t.shapeString() + ", the network needs " + e.getValue().shapeString());
        }
        for (String name : tensors.keySet()) if (!target.containsKey(name)) extra.add(name);
        if (!missing.isEmpty() || !wrong.isEmpty() || !extra.isEmpty()) {
            List<String> parts = new ArrayList<>();
            if (!wrong.isEmpty()) parts.add("wrong shape: " + few(wrong));
            if (!missing.isEmpty()) parts.add("missing " + missing.size() + " of " + target.size() + " tensors: " + few(missing));
            if (!extra.isEmpty()) parts.add(extra.size() + " tensors the network does not have: " + few(extra));
            throw new IllegalArgumentException(source + ": the weights do not fit " + net.spec().displayName() + " (" + String.join("; ", parts) + ")");
        }
        for (Map.Entry<String, Tensor> e : target.entrySet()) e.getValue().copyFrom(tensors.get(e.getKey()));
    }

    private static String few(List<String> items) {
        return items.size() <= 3 ? String.join(", ", items) : String.join(", ", items.subList(0, 3)) + ", ... (" + items.size() + " in all)";
    }
}
