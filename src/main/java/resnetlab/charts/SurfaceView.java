package resnetlab.charts;

/**
 * Where a 3-D surface is seen from: {@code azimuth} turns the (α, β) floor about the vertical axis (degrees; 0 looks
 * along +β, with α to the right), {@code elevation} tilts the view down onto the floor (degrees above it, kept in
 * [{@value #MIN_ELEVATION}, {@value #MAX_ELEVATION}] so the floor is never seen edge-on or from below), {@code zoom}
 * scales the box (1 = the whole box fits its panel at any angle; kept in [{@value #MIN_ZOOM}, {@value #MAX_ZOOM}]).
 */
public record SurfaceView(double azimuth, double elevation, double zoom) {
    public static final double MIN_ELEVATION = 5, MAX_ELEVATION = 89, MIN_ZOOM = 0.5, MAX_ZOOM = 4;

    /** The view Li et al.'s 3-D figures use, more or less: from the front left, 30° above the floor. */
    public static final SurfaceView DEFAULT = new SurfaceView(-50, 30, 1);

    public SurfaceView {
        if (!Double.isFinite(azimuth) || !Double.isFinite(elevation) || !Double.isFinite(zoom)) {
            throw new IllegalArgumentException("view angles and zoom must be finite: " + azimuth + ", " + elevation + ", " + zoom);
        }
        azimuth = ((azimuth % 360) + 540) % 360 - 180; // (-180, 180]
        elevation = Math.max(MIN_ELEVATION, Math.min(MAX_ELEVATION, elevation));
        zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, zoom));
    }

    /** Turned by {@code dAzimuth} and tilted by {@code dElevation} degrees (a mouse drag, the arrow keys). */
    public SurfaceView rotate(double dAzimuth, double dElevation) {
        return new SurfaceView(azimuth + dAzimuth, elevation + dElevation, zoom);
    }

    /** Zoomed by {@code factor} (a scroll step: 1.1 in, 1/1.1 out). */
    public SurfaceView zoomBy(double factor) {
        return new SurfaceView(azimuth, elevation, zoom * factor);
    }
}
