package resnetlab.charts;

import java.util.Objects;

/**
 * Test error of one trained net with single blocks deleted (Veit et al. 2016, §4.1): {@code error[i]}
 * is the error with block {@code block[i]} removed, {@code baseline} the error of the intact net.
 * Arrays are copied.
 *
 * @param name     legend text, e.g. "ResNet-56" or "plain-56"
 * @param block    numbers of the deleted blocks (x), counted from 1 as everywhere people read them (the app's
 *                 tiles, lesson files); the engine's indices are these minus 1
 * @param error    error with that block deleted (y)
 * @param baseline error with nothing deleted, drawn as a dashed line; NaN for none
 */
public record LesionSeries(String name, double[] block, double[] error, double baseline) {

    public LesionSeries {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(error, "error");
        if (block.length != error.length) {
            throw new IllegalArgumentException(name + ": " + block.length + " blocks but " + error.length + " errors");
        }
        block = block.clone();
        error = error.clone();
    }
}
