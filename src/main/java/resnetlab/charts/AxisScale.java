package resnetlab.charts;

/** How values map to an axis (or to a colour scale): evenly, or by powers of ten. */
public enum AxisScale {
    /** Equal steps in value take equal space. */
    LINEAR,
    /**
     * Equal ratios take equal space. Values &le; 0 cannot be drawn: factories leave such points out of
     * curves, and heat maps show such cells in {@link ChartTheme#missingValue()}.
     */
    LOG
}
