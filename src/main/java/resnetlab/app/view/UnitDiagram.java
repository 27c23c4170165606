package resnetlab.app.view;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import resnetlab.app.model.ModelSetup;
import resnetlab.model.ShortcutType;
import resnetlab.model.UnitOrder;

/**
 * One residual unit drawn as in He et al. 2016 (Fig. 2 and 4): x_l at the bottom, x_{l+1} on top, the residual
 * branch as a column of weight, BN and ReLU boxes on the right, the shortcut on the left with what it does to x
 * (×λ, 1−g, a 1×1 convolution, dropout, or nothing), the addition ⊕, and what follows it.
 */
public final class UnitDiagram extends Region {
    private final Canvas canvas = new Canvas();
    private final UiState state;
    private ModelSetup setup;
    private Color colour = Color.GRAY;

    public UnitDiagram(UiState state) {
        this.state = state;
        getChildren().add(canvas);
        setMinSize(150, 200);
        setPrefSize(190, 260);
        state.dark.addListener(o -> draw());
        state.presentation.addListener(o -> draw());
    }

    public void show(ModelSetup s, Color c) {
        setup = s;
        colour = c;
        draw();
    }

    @Override protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    /** "x" with a subscript, centred at (x, y). */
    private static void subscripted(GraphicsContext g, String base, String sub, double x, double y, String family, double s) {
        Font big = Font.font(family, FontWeight.BOLD, 13 * s), small = Font.font(family, 9.5 * s);
        double bw = 8 * s, sw = sub.length() * 5.5 * s;
        double left = x - (bw + sw) / 2;
        g.setTextAlign(TextAlignment.LEFT);
        g.setFont(big);
        g.fillText(base, left, y);
        g.setFont(small);
        g.fillText(sub, left + bw, y + 4 * s);
        g.setTextAlign(TextAlignment.CENTER);
    }

    /** The operations of the branch (bottom to top), and those after the addition. */
    static List<String> branch(UnitOrder u) {
        return switch (u) {
            case ORIGINAL, BN_AFTER_ADD -> List.of("conv", "BN", "ReLU", "conv", "BN");
            case RELU_BEFORE_ADD -> List.of("conv", "BN", "ReLU", "conv", "BN", "ReLU");
            case RELU_PREACT -> List.of("ReLU", "conv", "BN", "ReLU", "conv", "BN");
            case FULL_PREACT -> List.of("BN", "ReLU", "conv", "BN", "ReLU", "conv");
        };
    }

    static List<String> afterAdd(UnitOrder u) {
        return switch (u) {
            case ORIGINAL -> List.of("ReLU");
            case BN_AFTER_ADD -> List.of("BN", "ReLU");
            default -> List.of();
        };
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth(), h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        if (setup == null || w < 20 || h < 20) return;
        boolean dark = state.dark.get();
        Color text = dark ? Color.web("#e6e7e9") : Color.web("#1f2328");
        Color line = dark ? Color.web("#9aa0a8") : Color.web("#59606a");
        Color weight = dark ? Color.web("#3a3d44") : Color.web("#eceef1");
        Color bn = dark ? Color.web("#1c3552") : Color.web("#dbe9fb");
        Color relu = dark ? Color.web("#4a3319") : Color.web("#fdebd3");
        String family = state.fontFamily();
        double s = Math.min(1.4, Math.max(0.7, h / 300));
        List<String> ops = new ArrayList<>(branch(setup.unit()));
        List<String> post = afterAdd(setup.unit());
        ShortcutType type = setup.shortcut();
        boolean gatedBranch = type == ShortcutType.EXCLUSIVE_GATE;
        if (gatedBranch) ops.add("× g");
        if (setup.shortcut() == ShortcutType.SCALED && setup.scaleBranch()) ops.add("× (1−λ)");
        double top = 22 * s, bottom = h - 22 * s;
        double postH = post.size() * 26 * s;
        double addY = top + postH + 18 * s;
        double boxH = Math.min(26 * s, (bottom - 14 * s - addY - 12 * s) / ops.size());
        double xs = w * 0.30, xb = w * 0.66, bw = Math.min(w * 0.42, 92 * s);
        g.setLineWidth(1.6 * s);
        g.setStroke(line);
        g.setFill(text);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.setFont(Font.font(family, FontWeight.BOLD, 12 * s));
        subscripted(g, "x", "l", xs, bottom + 10 * s, family, s);
        subscripted(g, "x", "l+1", xs, top - 10 * s, family, s);
        // trunk from the input up to the fork, the branch column, back into ⊕
        double fork = bottom - 6 * s;
        g.strokeLine(xs, bottom, xs, fork);
        g.strokeLine(xs, fork, xb, fork);
        double y = fork - 10 * s;
        g.strokeLine(xb, fork, xb, y);
        for (String op : ops) {
            double by = y - boxH;
            Color fill = op.equals("conv") ? weight : op.equals("BN") ? bn : op.equals("ReLU") ? relu : colour.deriveColor(0, 0.6, 1.2, 0.35);
            g.setFill(fill);
            g.fillRoundRect(xb - bw / 2, by + 2 * s, bw, boxH - 4 * s, 6, 6);
            g.setStroke(op.equals("conv") ? colour : line);
            g.strokeRoundRect(xb - bw / 2, by + 2 * s, bw, boxH - 4 * s, 6, 6);
            g.setFill(text);
            g.setFont(Font.font(family, op.equals("conv") ? FontWeight.BOLD : FontWeight.NORMAL, 11 * s));
            g.fillText(op.equals("conv") ? "3×3 conv" : op, xb, by + boxH / 2);
            y = by;
        }
        g.setStroke(line);
        g.strokeLine(xb, y, xb, addY);
        g.strokeLine(xb, addY, xs + 8 * s, addY);
        // the shortcut
        if (type == ShortcutType.NONE) {
            g.setLineDashes(3 * s, 4 * s);
            g.setStroke(line.deriveColor(0, 1, 1, 0.5));
            g.strokeLine(xs, fork, xs, addY + 8 * s);
            g.setLineDashes(null);
            g.setFill(line);
            g.setFont(Font.font(family, 10 * s));
            g.save();
            g.translate(xs - 10 * s, (fork + addY) / 2);
            g.rotate(-90);
            g.fillText("no shortcut", 0, 0);
            g.restore();
        } else {
            g.setStroke(colour);
            g.setLineWidth(2.6 * s);
            g.strokeLine(xs, fork, xs, addY + 8 * s);
            String label = switch (type) {
                case SCALED -> "× λ=" + Words.num(setup.lambda());
                case EXCLUSIVE_GATE, SHORTCUT_GATE -> "× (1−g)";
                case CONV1X1 -> "1×1 conv";
                case DROPOUT -> "dropout p=" + Words.num(setup.dropout());
                default -> null;
            };
            if (label != null) {
                double ly = (fork + addY) / 2, lw = Math.min(w * 0.5, 80 * s), lh = 22 * s;
                g.setFill(colour.deriveColor(0, 0.6, 1.2, 0.3));
                g.fillRoundRect(xs - lw / 2, ly - lh / 2, lw, lh, 6, 6);
                g.setLineWidth(1.4 * s);
                g.strokeRoundRect(xs - lw / 2, ly - lh / 2, lw, lh, 6, 6);
                g.setFill(text);
                g.setFont(Font.font(family, 10.5 * s));
                g.fillText(label, xs, ly);
            }
            g.setLineWidth(1.6 * s);
        }
        // ⊕ and what follows it
        double r = 8 * s;
        g.setFill(dark ? Color.web("#222327") : Color.WHITE);
        g.fillOval(xs - r, addY - r, 2 * r, 2 * r);
        g.setStroke(line);
        g.strokeOval(xs - r, addY - r, 2 * r, 2 * r);
        g.strokeLine(xs - r * 0.6, addY, xs + r * 0.6, addY);
        g.strokeLine(xs, addY - r * 0.6, xs, addY + r * 0.6);
        double py = addY - r;
        for (String op : post) {
            double by = py - 26 * s;
            g.strokeLine(xs, py, xs, by + 22 * s);
            g.setFill(op.equals("BN") ? bn : relu);
            g.fillRoundRect(xs - bw / 2.4, by, bw / 1.2, 20 * s, 6, 6);
            g.strokeRoundRect(xs - bw / 2.4, by, bw / 1.2, 20 * s, 6, 6);
            g.setFill(text);
            g.setFont(Font.font(family, 11 * s));
            g.fillText(op, xs, by + 10 * s);
            py = by;
        }
        g.strokeLine(xs, py, xs, top);
    }
}
