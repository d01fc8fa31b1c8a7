package org.gridweave.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.gridweave.core.protocol.RejectReason;
import org.gridweave.gateway.ingest.IngestMetrics;
import org.gridweave.gateway.ingest.IngestPipeline;
import org.gridweave.gateway.ingest.IngestSettings;
import org.gridweave.gateway.ingest.RejectionNotices;
import org.gridweave.gateway.ingest.TelemetryStore;
import org.gridweave.gateway.ingest.TelemetryValidator;
import org.gridweave.gateway.ingest.ValidationRules;
import org.gridweave.gateway.registry.MeterDirectory;

/** Builds the plain-Java ingest core from configuration and the adapters. */
@ApplicationScoped
public class IngestWiring {
  private IngestPipeline pipeline;
  private ExecutorService checkers;

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @Singleton
  MeterDirectory directory() {
    return new MeterDirectory();
  }

  @Produces
  @Singleton
  IngestPipeline pipeline(
      GatewayConfig config,
      MeterDirectory directory,
      TelemetryStore store,
      RejectionNotices notices,
      MeterRegistry registry,
      Clock clock) {
    int threads =
        config.checkThreads() > 0
            ? config.checkThreads()
            : Runtime.getRuntime().availableProcessors();
    checkers =
        Executors.newFixedThreadPool(
            threads, Thread.ofPlatform().name("gridweave-check-", 0).daemon().factory());
    var validator =
        new TelemetryValidator(
            directory,
            clock,
            new ValidationRules(config.maxPayloadBytes(), config.maxFutureSkew(), config.maxAge()));
    pipeline =
        new IngestPipeline(
                validator,
                store,
                notices,
                new Metrics(registry),
                clock,
                new IngestSettings(
                    config.maxBatchMessages(), config.interval(), config.maxRetryBackoff()),
                checkers)
            .start();
    registry.gauge("gridweave_gateway_pending_messages", pipeline, IngestPipeline::pending);
    return pipeline;
  }

  void stop(@Observes ShutdownEvent event) {
    if (pipeline != null) {
      pipeline.close();
    }
    if (checkers != null) {
      checkers.shutdown();
    }
  }

  /** Prometheus meters of the ingest path. */
  static final class Metrics implements IngestMetrics {
    private final Counter messages;
    private final Counter samples;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Timer lag;
    private final Timer commit;
    private final DistributionSummary batchSize;

    Metrics(MeterRegistry registry) {
      messages = registry.counter("gridweave_gateway_accepted_messages");
      samples = registry.counter("gridweave_gateway_accepted_samples");
      for (RejectReason r : RejectReason.values()) {
        rejected.put(
            r, registry.counter("gridweave_gateway_rejected_messages", "reason", r.name()));
      }
      lag =
          Timer.builder("gridweave_gateway_lag")
              .description("sample timestamp to database commit, live readings")
              .publishPercentiles(0.5, 0.99)
              .register(registry);
      commit = Timer.builder("gridweave_gateway_batch_commit").register(registry);
      batchSize = registry.summary("gridweave_gateway_batch_messages");
    }

    @Override
    public void accepted(int m, int s) {
      messages.increment(m);
      samples.increment(s);
    }

    @Override
    public void rejected(RejectReason reason) {
      rejected.get(reason).increment();
    }

    @Override
    public void lag(double seconds) {
      lag.record(Duration.ofNanos((long) (seconds * 1e9)));
    }

    @Override
    public void batch(int size, double seconds) {
      batchSize.record(size);
      commit.record(Duration.ofNanos((long) (seconds * 1e9)));
    }
  }
}
