package resnetlab.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetlab.io.Json;
import resnetlab.tensor.Tensor;

class SafetensorsTest {
    @TempDir Path dir;

    static Map<String, Tensor> sample() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        Tensor a = new Tensor(2, 3, 1, 2);
        for (int i = 0; i < a.size(); i++) a.data[i] = i * 0.5f - 1.25f;
        m.put("stem.conv.weight", a);
        m.put("fc.bias", new Tensor(new float[] {Float.MIN_VALUE, -0f, 3.4e38f}, 3));
        m.put("empty", new Tensor(0, 4));
        return m;
    }

    @Test void writesTheStandardLayoutByteForByte() throws IOException {
        Path f = dir.resolve("w.safetensors");
        Safetensors.write(f, sample(), Map.of("format", "pt"));
        byte[] b = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(n % 8).as("header padded to 8 bytes").isZero();
        var header = Json.MAPPER.readTree(new String(b, 8, (int) n, StandardCharsets.UTF_8));
        assertThat(header.at("/__metadata__/format").asText()).isEqualTo("pt");
        assertThat(header.at("/stem.conv.weight/dtype").asText()).isEqualTo("F32");
        assertThat(header.at("/stem.conv.weight/shape").toString()).isEqualTo("[2,3,1,2]");
        assertThat(header.at("/stem.conv.weight/data_offsets").toString()).isEqualTo("[0,48]");
        assertThat(header.at("/fc.bias/data_offsets").toString()).isEqualTo("[48,60]");
        assertThat(b.length).isEqualTo(8 + n + 60);
        // value 1 of the first tensor, little-endian float32 at data offset 4
        float v = ByteBuffer.wrap(b, (int) (8 + n + 4), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertThat(v).isEqualTo(-0.75f);
    }

    @Test void readsBackExactBitsNamesAndMetadata() throws IOException {
        Path f = dir.resolve("w.safetensors");
        Map<String, Tensor> in = sample();
        Safetensors.write(f, in, Map.of("resnetlab.origin", "a test"));
        Safetensors.Contents c = Safetensors.read(f);
        assertThat(c.tensors().keySet()).containsExactlyElementsOf(in.keySet());
        for (String k : in.keySet()) {
            assertThat(c.tensors().get(k).shape()).isEqualTo(in.get(k).shape());
            for (int i = 0; i < in.get(k).size(); i++) {
                assertThat(Float.floatToRawIntBits(c.tensors().get(k).data[i])).isEqualTo(Float.floatToRawIntBits(in.get(k).data[i]));
            }
        }
        assertThat(c.metadata()).containsEntry("resnetlab.origin", "a test");
    }

    @Test void aTruncatedFileIsNamedAsTruncated() throws IOException {
        Path f = dir.resolve("w.safetensors");
        Safetensors.write(f, sample(), Map.of());
        byte[] b = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(b, b.length - 5));
        assertThatThrownBy(() -> Safetensors.read(cut)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(cut + ": truncated safetensors file").hasMessageNotContaining("\n");
        Files.write(cut, Arrays.copyOf(b, 40));
        assertThatThrownBy(() -> Safetensors.read(cut)).hasMessageStartingWith(cut + ": truncated safetensors file");
    }

    @Test void foreignFilesGetOneLine() throws IOException {
        Path text = dir.resolve("notes.safetensors");
        Files.writeString(text, "hello, this is not a tensor file at all");
        assertThatThrownBy(() -> Safetensors.read(text)).hasMessageContaining("not a safetensors file");
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[3]);
        assertThatThrownBy(() -> Safetensors.read(tiny)).hasMessageContaining("not a safetensors file");
        assertThatThrownBy(() -> Safetensors.read(dir.resolve("absent.safetensors"))).hasMessageContaining("no such file");

        Path f64 = dir.resolve("f64.safetensors");
        byte[] head = "{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer bb = ByteBuffer.allocate(8 + head.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(head.length).put(head).putDouble(1.0);
        Files.write(f64, bb.array());
        assertThatThrownBy(() -> Safetensors.read(f64)).hasMessageContaining("tensor w has dtype 'F64'");

        Path badShape = dir.resolve("shape.safetensors");
        byte[] head2 = "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b2 = ByteBuffer.allocate(8 + head2.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b2.putLong(head2.length).put(head2).putLong(0);
        Files.write(badShape, b2.array());
        assertThatThrownBy(() -> Safetensors.read(badShape)).hasMessageContaining("tensor w of shape [3] needs 12 bytes");
    }
}
