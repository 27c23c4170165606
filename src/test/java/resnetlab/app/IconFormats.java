package resnetlab.app;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * The two icon containers the installers want, filled with PNG images (both formats allow PNG entries, so
 * no pixel encoding of our own):
 * <ul>
 *   <li>Windows {@code .ico}: a 6-byte header, one 16-byte directory entry per image (width and height as
 *       one byte each, 0 meaning 256; little-endian size and offset), then the PNG bytes.</li>
 *   <li>macOS {@code .icns}: the magic {@code icns} and the total length (big-endian), then per image a
 *       4-letter type saying its size ({@code icp4} 16, {@code icp5} 32, {@code ic07} 128, {@code ic08} 256,
 *       {@code ic09} 512, and the Retina types {@code ic11}..{@code ic14}), its length including the 8-byte
 *       entry header, and the PNG bytes.</li>
 * </ul>
 */
final class IconFormats {
    private IconFormats() {}

    /** {@code pngs}: edge length in pixels (at most 256) to PNG bytes, in the order they should appear. */
    static byte[] ico(Map<Integer, byte[]> pngs) {
        int offset = 6 + 16 * pngs.size();
        ByteBuffer b = ByteBuffer.allocate(offset + pngs.values().stream().mapToInt(p -> p.length).sum()).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0).putShort((short) 1).putShort((short) pngs.size()); // reserved, type 1 = icon, count
        for (var e : pngs.entrySet()) {
            int size = e.getKey();
            if (size < 1 || size > 256) throw new IllegalArgumentException("an .ico image is 1..256 px, not " + size);
            b.put((byte) (size % 256)).put((byte) (size % 256)).put((byte) 0).put((byte) 0); // w, h, palette, reserved
            b.putShort((short) 1).putShort((short) 32).putInt(e.getValue().length).putInt(offset); // planes, bpp
            offset += e.getValue().length;
        }
        for (byte[] png : pngs.values()) b.put(png);
        return b.array();
    }

    /** {@code pngs}: icns type (e.g. {@code ic08}) to PNG bytes of the size that type stands for. */
    static byte[] icns(Map<String, byte[]> pngs) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(body);
        for (var e : pngs.entrySet()) {
            if (e.getKey().length() != 4) throw new IllegalArgumentException("an icns type has 4 letters: " + e.getKey());
            out.writeBytes(e.getKey());
            out.writeInt(8 + e.getValue().length);
            out.write(e.getValue());
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        DataOutputStream head = new DataOutputStream(all);
        head.writeBytes("icns");
        head.writeInt(8 + body.size());
        body.writeTo(all);
        return all.toByteArray();
    }
}
