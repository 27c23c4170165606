package resnetlab.lessons;

import resnetlab.model.NetworkSpec;

/**
 * One model a step sets up. The spec carries placeholder data dimensions (1 channel, 32 pixels, 10 classes);
 * the runner fits them to the step's data ({@link resnetlab.train.TrainingRun#fitToData}).
 *
 * @param label the name shown in legends and results, and used by actions' "model": the file's "name", or
 *              {@link NetworkSpec#displayName()}
 * @param spec  the architecture
 */
public record StepModel(String label, NetworkSpec spec) {
    /** The same model with another architecture; a label that was the display name follows the new spec's. */
    public StepModel withSpec(NetworkSpec newSpec) {
        return new StepModel(label.equals(spec.displayName()) ? newSpec.displayName() : label, newSpec);
    }
}
