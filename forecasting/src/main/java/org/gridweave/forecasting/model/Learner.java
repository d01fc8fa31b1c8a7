package org.gridweave.forecasting.model;

/** A model family with fixed hyper-parameters. */
public interface Learner {
  String name();

  Fitted fit(Matrix train, long seed);

  /** A trained model. */
  interface Fitted {
    double[] predict(Matrix rows);

    /** Tribuo provenance of the model (trainer, hyper-parameters, data), as JSON. */
    String provenance();
  }
}
