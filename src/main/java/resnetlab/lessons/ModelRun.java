package resnetlab.lessons;

import java.util.ArrayList;
import java.util.List;
import resnetlab.model.Network;
import resnetlab.model.NetworkSpec;
import resnetlab.train.Trainer;
import resnetlab.train.TrainingListener;

/**
 * One model of a step trained with one seed: the network, its trainer, and the recorders that listen to its
 * training (the gradient flow). Lives from the step that sets the model up until a step sets up new ones.
 */
final class ModelRun {
    final String label;
    final long seed;
    final NetworkSpec spec;
    final Network net;
    final Trainer trainer;
    /** Listeners attached to the trainer by experiments, e.g. the gradient-flow recorder. */
    final List<TrainingListener> recorders = new ArrayList<>();

    ModelRun(String label, long seed, NetworkSpec spec, Network net, Trainer trainer) {
        this.label = label;
        this.seed = seed;
        this.spec = spec;
        this.net = net;
        this.trainer = trainer;
    }

    boolean trained() { return trainer.iteration() > 0; }
}
