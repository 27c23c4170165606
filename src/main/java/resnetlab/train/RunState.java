package resnetlab.train;

/** Where a run stands. */
public enum RunState { READY, RUNNING, FINISHED, CANCELLED, DIVERGED }
