package resnetlab.app.model;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Task;
import javafx.concurrent.WorkerStateEvent;

/**
 * The lab's long tasks (a sweep, an experiment, saving or opening a session): one at a time, on one background
 * thread, exposed through {@link #taskProperty()} for the progress bar, the cancel button and the time left. A
 * failure becomes one error notice (the task's message names the problem). FX thread only.
 */
public final class Tasks implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(Daemons.factory("lab-task"));
    private final ReadOnlyObjectWrapper<Task<?>> task = new ReadOnlyObjectWrapper<>(this, "task");
    private final Consumer<Notice> notices;

    /** @param notices where a refusal ("busy") and a failure are posted */
    public Tasks(Consumer<Notice> notices) {
        this.notices = notices;
    }

    /** The long task running now, or null. */
    public ReadOnlyObjectProperty<Task<?>> taskProperty() { return task.getReadOnlyProperty(); }

    /**
     * Starts {@code t} unless another task is running (then a "busy" notice, and false). A failure is posted as
     * {@code failureKey} with the exception's message.
     */
    public <T> boolean run(Task<T> t, String failureKey) {
        Task<?> current = task.get();
        if (current != null && current.isRunning()) {
            notices.accept(Notice.warning("notice.busy"));
            return false;
        }
        task.set(t);
        t.addEventHandler(WorkerStateEvent.WORKER_STATE_FAILED, e -> {
            Throwable x = t.getException();
            notices.accept(x instanceof MemoryCheck.Refused r ? r.notice() // refused before it started: estimate, heap, what to change
                    : Notice.error(failureKey, x == null ? "?" : x.getMessage() == null ? x.toString() : x.getMessage()));
            if (task.get() == t) task.set(null);
        });
        t.addEventHandler(WorkerStateEvent.WORKER_STATE_CANCELLED, e -> { if (task.get() == t) task.set(null); });
        t.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> { if (task.get() == t) task.set(null); });
        thread.execute(t);
        return true;
    }

    @Override public void close() {
        thread.shutdownNow();
    }
}
