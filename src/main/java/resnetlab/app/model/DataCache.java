package resnetlab.app.model;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import resnetlab.data.DataSpec;
import resnetlab.data.DataSplit;
import resnetlab.data.Datasets;

/**
 * Loads each data set once (normalised with its training statistics) and shares it between the models on the
 * bench, on a loader thread of its own. A failed load is forgotten, so fixing the folder and retrying works.
 */
public final class DataCache implements AutoCloseable {
    private final ExecutorService loader = Executors.newSingleThreadExecutor(Daemons.factory("data-loader"));
    private final Map<DataSpec, CompletableFuture<DataSplit>> cache = new ConcurrentHashMap<>();

    public CompletableFuture<DataSplit> get(DataPreset preset, Path folder, long seed) {
        DataSpec spec;
        try {
            spec = preset.spec(folder, seed);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return get(spec);
    }

    public CompletableFuture<DataSplit> get(DataSpec spec) {
        CompletableFuture<DataSplit> f = cache.computeIfAbsent(spec,
                s -> CompletableFuture.supplyAsync(() -> Datasets.load(s).normalized(), loader));
        f.whenComplete((d, e) -> { if (e != null) cache.remove(spec, f); });
        return f;
    }

    @Override public void close() { loader.shutdownNow(); }
}
