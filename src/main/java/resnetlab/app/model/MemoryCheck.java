package resnetlab.app.model;

import java.util.List;
import resnetlab.model.NetworkSpec;
import resnetlab.train.MemoryEstimate;

/**
 * Memory checked before the app spends it: a new bench model ({@link TrainingWorker}) or an experiment on the bench's
 * models (path lengths, layer responses, landscapes, lesions) is estimated with {@link MemoryEstimate}, together with
 * what the bench's models already hold, and refused before anything is allocated when it would not fit in the heap.
 * The refusal is a {@link Notice} in the user's language (what was asked, the estimate, the heap, what to change);
 * it appears on the model's card or in the notice bar above the panes, and the app runs on.
 */
public final class MemoryCheck {
    private MemoryCheck() {}

    /** A request refused for memory; {@link #getMessage()} is the engine's English line, {@link #notice()} the same for the window. */
    public static final class Refused extends Notice.Refusal {
        private static final long serialVersionUID = 1L;

        Refused(MemoryEstimate.Refusal r, Notice what, Notice change) {
            super(r.getMessage(), MemoryCheck.notice(r, what, change), r);
        }
    }

    /**
     * Refuses {@code request} (plus the bench's models, which stay in memory while it runs) when it does not fit.
     *
     * @param what   the request in words, e.g. {@code Notice.info("memory.what.paths", "ResNet-56")}
     * @param change what the user can change, e.g. {@code Notice.info("memory.change.model")}
     * @throws Refused with the notice to show
     */
    public static void require(MemoryEstimate request, Notice what, Notice change) {
        double bench = TrainingWorker.heldBytes();
        MemoryEstimate need = bench > 0 ? request.plus(new MemoryEstimate.Part("the models on the bench", bench)) : request;
        try {
            need.require(what.key() + " " + java.util.Arrays.toString(what.args()), change.key());
        } catch (MemoryEstimate.Refusal r) {
            throw new Refused(r, what, change);
        }
    }

    /**
     * Refuses a larger batch size for the bench's models when they would not fit at it together (each model's
     * activations grow with the batch; the base is counted once). Checked before the new batch reaches a worker.
     *
     * @param specs the bench's built models
     * @param batch the batch size asked for
     * @param kept  the batch size training goes on with when refused (said in the notice)
     * @throws Refused with the notice to show
     */
    public static void requireBatch(List<NetworkSpec> specs, int batch, int kept) {
        if (specs.isEmpty()) return;
        MemoryEstimate need = new MemoryEstimate(List.of());
        for (NetworkSpec s : specs) need = need.plus(s.displayName(), MemoryEstimate.training(s, batch));
        try {
            need.require(specs.size() + " models at batch " + batch, "a smaller batch, or fewer models on the bench");
        } catch (MemoryEstimate.Refusal r) {
            throw new Refused(r, Notice.info("memory.what.batch", specs.size(), batch), Notice.info("memory.change.batch", kept));
        }
    }

    /** "{what} needs about 2.1 GB of memory, but the app may use only 1.0 GB: start it with -Xmx3g or {change}". */
    static Notice notice(MemoryEstimate.Refusal r, Notice what, Notice change) {
        String need = MemoryEstimate.format(r.estimate().bytes()), heap = MemoryEstimate.format(r.heap());
        Notice advice = r.moreHeapHelps() ? Notice.info("memory.moreHeap", Long.toString(r.suggestedHeapGb()), change)
                : Notice.info("memory.machine", MemoryEstimate.format(r.machine()), change);
        return Notice.error("notice.memory", what, need, heap, advice);
    }
}
