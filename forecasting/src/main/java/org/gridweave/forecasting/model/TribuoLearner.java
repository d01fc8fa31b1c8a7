package org.gridweave.forecasting.model;

import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.common.tree.ExtraTreesTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;

/**
 * The model families, all trained by Tribuo. Missing values are left out of an example (XGBoost and
 * the trees treat an absent feature as missing); the linear model instead sees standardised
 * features with missing values at the mean, and a standardised target.
 */
public final class TribuoLearner implements Learner {
  private static final RegressionFactory FACTORY = new RegressionFactory();
  private static final String DIMENSION = "y";

  private final String name;
  private final LongFunction<Trainer<Regressor>> trainer;
  private final boolean standardise;

  private final boolean logTarget;

  private TribuoLearner(
      String name,
      LongFunction<Trainer<Regressor>> trainer,
      boolean standardise,
      boolean logTarget) {
    this.name = name;
    this.trainer = trainer;
    this.standardise = standardise;
    this.logTarget = logTarget;
  }

  private TribuoLearner(
      String name, LongFunction<Trainer<Regressor>> trainer, boolean standardise) {
    this(name, trainer, standardise, false);
  }

  /**
   * The same model family trained on {@code log(1 + y)} and mapped back: for a skewed, non-negative
   * target (a household's consumption) it forecasts nearer the median than the mean, which is what
   * absolute errors reward. Only for targets that are never negative.
   */
  public TribuoLearner onLogScale() {
    return new TribuoLearner(name + "_log", trainer, standardise, true);
  }

  /** Gradient-boosted trees, histogram method (learning rate 0.05). */
  public static TribuoLearner xgboost(int trees, int depth, int threads) {
    return xgboost(trees, depth, 0.05, 1, threads);
  }

  /** Gradient-boosted trees, histogram method, with the learning rate and minimum leaf weight. */
  public static TribuoLearner xgboost(
      int trees, int depth, double eta, double minChildWeight, int threads) {
    return new TribuoLearner(
        "xgboost",
        seed ->
            new XGBoostRegressionTrainer(
                XGBoostTrainer.BoosterType.GBTREE,
                XGBoostTrainer.TreeMethod.HIST,
                XGBoostRegressionTrainer.RegressionType.LINEAR,
                trees,
                eta,
                0,
                depth,
                minChildWeight,
                0.8,
                0.8,
                1,
                0,
                threads,
                XGBoostTrainer.LoggingVerbosity.SILENT,
                seed),
        false);
  }

  /** Extremely randomised trees, averaged. */
  public static TribuoLearner extraTrees(int trees, int depth) {
    return new TribuoLearner(
        "extra_trees",
        seed ->
            new ExtraTreesTrainer<>(
                new CARTRegressionTrainer(depth, 5f, 0f, 0.7f, true, new MeanSquaredError(), seed),
                new AveragingCombiner(),
                trees,
                seed),
        false);
  }

  /** Linear least squares by AdaGrad. */
  public static TribuoLearner linear(int epochs) {
    return new TribuoLearner(
        "linear",
        seed -> new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.1, 0.1), epochs, seed),
        true);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Fitted fit(Matrix train, long seed) {
    Scaling scaling = standardise ? Scaling.of(train) : null;
    MutableDataset<Regressor> data =
        new MutableDataset<>(
            new SimpleDataSourceProvenance(
                "gridweave forecasting rows=" + train.size(), OffsetDateTime.now(), FACTORY),
            FACTORY);
    for (int r = 0; r < train.size(); r++) {
      double y = train.targets()[r];
      if (Double.isNaN(y)) {
        continue;
      }
      double label = logTarget ? Math.log1p(Math.max(0, y)) : y;
      data.add(
          example(
              train.names(), train.rows()[r], scaling, scaling == null ? label : scaling.y(label)));
    }
    if (data.size() == 0) {
      throw new IllegalArgumentException("no rows with a known target to train on");
    }
    Model<Regressor> model = trainer.apply(seed).train(data);
    return new Fitted() {
      @Override
      public double[] predict(Matrix rows) {
        List<Example<Regressor>> examples = new ArrayList<>(rows.size());
        for (double[] row : rows.rows()) {
          examples.add(example(rows.names(), row, scaling, Double.NaN));
        }
        List<Prediction<Regressor>> predictions = model.predict(examples);
        double[] out = new double[predictions.size()];
        for (int i = 0; i < out.length; i++) {
          double v = predictions.get(i).getOutput().getValues()[0];
          double back = scaling == null ? v : scaling.unY(v);
          out[i] = logTarget ? Math.expm1(back) : back;
        }
        return out;
      }

      @Override
      public String provenance() {
        return ProvenanceUtil.convertToMap(model.getProvenance()).toString();
      }
    };
  }

  private static Example<Regressor> example(
      String[] names, double[] row, Scaling scaling, double target) {
    Regressor output =
        Double.isNaN(target)
            ? RegressionFactory.UNKNOWN_REGRESSOR
            : new Regressor(DIMENSION, target);
    ArrayExample<Regressor> e = new ArrayExample<>(output);
    for (int f = 0; f < names.length; f++) {
      double v = row[f];
      if (scaling != null) {
        e.add(names[f], scaling.x(f, v));
      } else if (!Double.isNaN(v)) {
        e.add(names[f], v);
      }
    }
    return e;
  }

  /** Z-scores for the linear model; a missing value becomes 0 (the mean). */
  private record Scaling(double[] mean, double[] sd, double yMean, double ySd) {
    static Scaling of(Matrix m) {
      int w = m.names().length;
      double[] mean = new double[w];
      double[] sd = new double[w];
      for (int f = 0; f < w; f++) {
        double[] col = new double[m.size()];
        for (int r = 0; r < m.size(); r++) {
          col[r] = m.rows()[r][f];
        }
        double[] ms = meanSd(col);
        mean[f] = ms[0];
        sd[f] = ms[1];
      }
      double[] y = meanSd(m.targets());
      return new Scaling(mean, sd, y[0], y[1]);
    }

    static double[] meanSd(double[] values) {
      double sum = 0;
      double sq = 0;
      int n = 0;
      for (double v : values) {
        if (!Double.isNaN(v)) {
          sum += v;
          sq += v * v;
          n++;
        }
      }
      double mean = n == 0 ? 0 : sum / n;
      double var = n == 0 ? 1 : Math.max(0, sq / n - mean * mean);
      return new double[] {mean, var > 1e-12 ? Math.sqrt(var) : 1};
    }

    double x(int f, double v) {
      return Double.isNaN(v) ? 0 : (v - mean[f]) / sd[f];
    }

    double y(double v) {
      return (v - yMean) / ySd;
    }

    double unY(double v) {
      return v * ySd + yMean;
    }
  }
}
