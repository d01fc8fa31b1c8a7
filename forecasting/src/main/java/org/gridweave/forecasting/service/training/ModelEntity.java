package org.gridweave.forecasting.service.training;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A stored training (Hibernate Reactive); JSON columns are text written by {@link ModelStore}. */
@Entity
@Table(name = "forecast_model", schema = "forecasting")
public class ModelEntity {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String target;

  @Column(name = "step_seconds")
  public int stepSeconds;

  @Column(name = "trained_at")
  public Instant trainedAt;

  public String trainer;
  public long seed;
  public String provenance;
  public String features;
  public String covariates;

  @Column(name = "data_from")
  public Instant dataFrom;

  @Column(name = "data_to")
  public Instant dataTo;

  @Column(name = "history_steps")
  public int historySteps;

  @Column(name = "trained_on")
  public int trainedOn;

  @Column(name = "backtest_mae")
  public String backtestMae;

  @Column(name = "model_mae")
  public double modelMae;

  @Column(name = "week_mae")
  public Double weekMae;

  @Column(name = "day_mae")
  public Double dayMae;

  @Column(name = "train_seconds")
  public double trainSeconds;

  public String forecast;
}
