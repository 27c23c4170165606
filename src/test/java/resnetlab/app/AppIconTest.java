package resnetlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.batik.transcoder.TranscoderException;
import org.apache.batik.transcoder.TranscoderInput;
import org.apache.batik.transcoder.TranscoderOutput;
import org.apache.batik.transcoder.image.ImageTranscoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import resnetlab.io.AtomicFiles;

/**
 * The application icon: {@code assets/icons/resnet-lab.svg} is the source; the PNGs beside it (the window's
 * icons, the Linux installer's), {@code resnet-lab.ico} (Windows) and {@code resnet-lab.icns} (macOS) are
 * renderings of it by Apache Batik. This test fails when the renderings no longer match the SVG. After editing
 * the SVG, render them again with
 * <pre>  mvn -q -o test -Dtest=AppIconTest -Dicons.write=true</pre>
 */
class AppIconTest {
    static final Path DIR = Path.of("assets/icons");
    static final Path SVG = DIR.resolve("resnet-lab.svg");
    /** Window icons and the Linux menus use 16-512; Windows wants up to 256 in the .ico, macOS up to 1024. */
    static final int[] SIZES = {16, 24, 32, 48, 64, 128, 256, 512};
    static final int[] ICO_SIZES = {16, 24, 32, 48, 64, 256};
    /** icns type -> edge length in pixels (the ic11-ic14 types are the Retina "@2x" versions of 16-256). */
    static final Map<String, Integer> ICNS_TYPES = new LinkedHashMap<>();
    static {
        ICNS_TYPES.put("icp4", 16);
        ICNS_TYPES.put("icp5", 32);
        ICNS_TYPES.put("ic07", 128);
        ICNS_TYPES.put("ic08", 256);
        ICNS_TYPES.put("ic09", 512);
        ICNS_TYPES.put("ic11", 32);
        ICNS_TYPES.put("ic12", 64);
        ICNS_TYPES.put("ic13", 256);
        ICNS_TYPES.put("ic14", 512);
    }

    static Path png(int size) { return DIR.resolve("resnet-lab-" + size + ".png"); }

    @BeforeAll
    static void writeWhenAsked() throws Exception {
        if (!Boolean.getBoolean("icons.write")) return;
        Map<Integer, byte[]> pngs = new LinkedHashMap<>();
        for (int size : SIZES) {
            pngs.put(size, pngBytes(render(size)));
            Files.write(png(size), pngs.get(size));
        }
        Map<Integer, byte[]> ico = new LinkedHashMap<>();
        for (int size : ICO_SIZES) ico.put(size, pngs.get(size));
        AtomicFiles.write(DIR.resolve("resnet-lab.ico"), out -> out.write(IconFormats.ico(ico)));
        Map<String, byte[]> icns = new LinkedHashMap<>();
        for (var e : ICNS_TYPES.entrySet()) icns.put(e.getKey(), pngs.get(e.getValue()));
        AtomicFiles.write(DIR.resolve("resnet-lab.icns"), out -> out.write(IconFormats.icns(icns)));
        System.out.println("AppIconTest: wrote " + SIZES.length + " PNGs, resnet-lab.ico and resnet-lab.icns in " + DIR);
    }

    @Test
    void everyPngIsTheSvgRenderedAtItsSize() throws Exception {
        for (int size : SIZES) {
            BufferedImage shipped = ImageIO.read(png(size).toFile());
            assertThat(shipped).as(png(size) + " (render it: see AppIconTest's javadoc)").isNotNull();
            assertThat(shipped.getWidth()).isEqualTo(size);
            assertThat(shipped.getHeight()).isEqualTo(size);
            BufferedImage fresh = render(size);
            // anti-aliasing may differ by a level or two between Java versions; a changed drawing differs by far more
            assertThat(meanDifference(shipped, fresh)).as(png(size) + " against a fresh rendering of " + SVG).isLessThan(2.0);
        }
    }

    @Test
    void theIconIsARoundedTileWithTheBlockOnIt() throws Exception {
        BufferedImage img = ImageIO.read(png(64).toFile());
        assertThat(alpha(img.getRGB(0, 0))).as("corner outside the rounded tile").isZero();
        assertThat(alpha(img.getRGB(32, 4))).as("top edge inside the tile").isEqualTo(255);
        // the tile's blue, a white weight layer and the orange shortcut all show at 64 px
        assertThat(img.getRGB(6, 32) & 0xffffff).isEqualTo(0x1d4f91);
        assertThat(img.getRGB(18, 42) & 0xffffff).isEqualTo(0xffffff);
        int shortcut = img.getRGB(50, 32);
        assertThat((shortcut >> 16) & 0xff).as("red of the shortcut").isGreaterThan(0xe0);
        assertThat(shortcut & 0xff).as("blue of the shortcut").isLessThan(0x80);
    }

    @Test
    void theIcoHoldsEachSizeAsAPng() throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(DIR.resolve("resnet-lab.ico"))).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getShort(0)).isZero();
        assertThat(b.getShort(2)).as("type 1 = icon").isEqualTo((short) 1);
        assertThat(b.getShort(4)).isEqualTo((short) ICO_SIZES.length);
        for (int i = 0; i < ICO_SIZES.length; i++) {
            int entry = 6 + 16 * i;
            int w = b.get(entry) & 0xff;
            assertThat(w == 0 ? 256 : w).isEqualTo(ICO_SIZES[i]);
            byte[] data = new byte[b.getInt(entry + 8)];
            b.get(b.getInt(entry + 12), data);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(data));
            assertThat(img.getWidth()).isEqualTo(ICO_SIZES[i]);
            assertThat(data).isEqualTo(Files.readAllBytes(png(ICO_SIZES[i])));
        }
    }

    @Test
    void theIcnsHoldsEachTypeAtItsSize() throws Exception {
        byte[] all = Files.readAllBytes(DIR.resolve("resnet-lab.icns"));
        ByteBuffer b = ByteBuffer.wrap(all); // big-endian
        assertThat(new String(all, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("icns");
        assertThat(b.getInt(4)).isEqualTo(all.length);
        int at = 8;
        Map<String, Integer> seen = new LinkedHashMap<>();
        while (at < all.length) {
            String type = new String(all, at, 4, java.nio.charset.StandardCharsets.US_ASCII);
            int length = b.getInt(at + 4);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(all, at + 8, length - 8));
            seen.put(type, img.getWidth());
            at += length;
        }
        assertThat(at).isEqualTo(all.length);
        assertThat(seen).isEqualTo(ICNS_TYPES);
    }

    /** The SVG drawn by Batik at {@code size} x {@code size} pixels, with a transparent background. */
    static BufferedImage render(int size) throws IOException, TranscoderException {
        BufferedImage[] result = new BufferedImage[1];
        ImageTranscoder t = new ImageTranscoder() {
            @Override public BufferedImage createImage(int w, int h) { return new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB); }
            @Override public void writeImage(BufferedImage img, TranscoderOutput out) { result[0] = img; }
        };
        t.addTranscodingHint(ImageTranscoder.KEY_WIDTH, (float) size);
        t.addTranscodingHint(ImageTranscoder.KEY_HEIGHT, (float) size);
        t.transcode(new TranscoderInput(SVG.toUri().toString()), null);
        return result[0];
    }

    static byte[] pngBytes(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** Mean absolute difference over all pixels and the four channels (0-255). */
    static double meanDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y), q = b.getRGB(x, y);
                for (int shift = 0; shift < 32; shift += 8) sum += Math.abs(((p >>> shift) & 0xff) - ((q >>> shift) & 0xff));
            }
        }
        return sum / (4.0 * a.getWidth() * a.getHeight());
    }

    static int alpha(int argb) { return argb >>> 24; }
}
