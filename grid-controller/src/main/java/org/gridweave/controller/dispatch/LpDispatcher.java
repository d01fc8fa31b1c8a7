package org.gridweave.controller.dispatch;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.gridweave.controller.dispatch.DispatchProblem.SiteInputs;

/**
 * The optimiser: one linear program over the horizon (see ADR 0010), solved exactly by
 * decomposition.
 *
 * <ol>
 *   <li>Without the feeder and transformer rows the problem separates by site. Each site is solved
 *       alone: in closed form when it has nothing to decide but PV curtailment (and no market
 *       commitment), else as a small GLOP LP.
 *   <li>A feeder whose summed flows keep its limits (with the uncertainty margins) is done: the
 *       separated optimum is feasible for the coupled problem, hence optimal for it. A feeder that
 *       breaks a limit at any step is solved again as one LP with its coupling rows at every step.
 *       (Adding rows only for the broken steps, and more as others break, took 3–5 rounds and was
 *       slower: GLOP starts each round from scratch.)
 *   <li>Feeders run in parallel on {@code settings.threads()} threads, each with its own solver.
 *   <li>If the transformer limit is then broken, the whole grid is solved as one LP with the
 *       coupled feeders' rows and the transformer's rows (and rows for any feeder that breaks
 *       after) — exact, and only paid for when the transformer actually binds.
 * </ol>
 *
 * Every limit has a penalised violation variable, so the LP is always feasible; a plan that uses
 * one is degraded and says so. Thread-safe; one instance may serve many cycles.
 */
public final class LpDispatcher {
  private static final double TOLERANCE_KW = 1e-6;
  private static final int MAX_ROUNDS = 8;

  static {
    Loader.loadNativeLibraries();
  }

  /** A solver failure the cycle turns into a fallback. */
  public static final class SolverException extends RuntimeException {
    SolverException(String message) {
      super(message);
    }
  }

  private final boolean wholeGridAlways;

  public LpDispatcher() {
    this(false);
  }

  /** {@code wholeGridAlways}: skip the decomposition and solve one LP with every row (tests). */
  LpDispatcher(boolean wholeGridAlways) {
    this.wholeGridAlways = wholeGridAlways;
  }

  /** When the current plan must be done (per thread, set by {@link #plan}). */
  private static final InheritableThreadLocal<Long> DEADLINE = new InheritableThreadLocal<>();

  public Plan plan(DispatchProblem p) {
    DEADLINE.set(System.nanoTime() + p.settings().solverTimeLimit().toNanos());
    try {
      return planUntilDeadline(p);
    } finally {
      DEADLINE.remove();
    }
  }

  private Plan planUntilDeadline(DispatchProblem p) {
    int nSites = p.sites().size();
    int nFeeders = p.grid().feeders().size();
    int n = p.steps();
    double[][] unserved = new double[nSites][];
    for (SiteInputs s : p.sites()) {
      unserved[s.index] = new double[s.windows.size()];
    }
    Plan plan = new Plan("optimal", nSites, nFeeders, n, unserved);
    AtomicInteger solves = new AtomicInteger();
    AtomicInteger coupled = new AtomicInteger();
    AtomicLong siteNanos = new AtomicLong();
    AtomicLong coupledNanos = new AtomicLong();
    BitSet[] feederRows = new BitSet[nFeeders];
    List<String> notes = java.util.Collections.synchronizedList(new ArrayList<>());
    long[] size = formulationSize(p);

    if (wholeGridAlways) {
      for (int f = 0; f < nFeeders; f++) {
        feederRows[f] = new BitSet();
        feederRows[f].set(0, n);
      }
      BitSet all = new BitSet();
      all.set(0, n);
      int rounds = solveWholeGrid(p, plan, feederRows, all, solves, notes);
      return plan.withStats(
          new Plan.Stats(
              size[0], size[1], solves.get(), nFeeders, rounds, 0, 0, List.copyOf(notes)));
    }
    ExecutorService pool =
        p.settings().threads() > 1 && nFeeders > 1
            ? Executors.newFixedThreadPool(
                Math.min(p.settings().threads(), nFeeders),
                r -> {
                  Thread t = new Thread(r, "dispatch-lp");
                  t.setDaemon(true);
                  return t;
                })
            : null;
    try {
      List<Callable<Void>> jobs = new ArrayList<>();
      for (int f = 0; f < nFeeders; f++) {
        int feeder = f;
        jobs.add(() -> {
          feederRows[feeder] =
              solveFeeder(p, plan, feeder, solves, coupled, notes, siteNanos, coupledNanos);
          return null;
        });
      }
      runAll(pool, jobs);
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }

    int rounds = 0;
    long tw = System.nanoTime();
    BitSet broken = transformerBroken(p, plan, new BitSet());
    if (!broken.isEmpty()) {
      rounds = solveWholeGrid(p, plan, feederRows, broken, solves, notes);
      coupledNanos.addAndGet(System.nanoTime() - tw);
    }
    return plan.withStats(
        new Plan.Stats(
            size[0],
            size[1],
            solves.get(),
            coupled.get(),
            rounds,
            siteNanos.get() / 1_000_000,
            coupledNanos.get() / 1_000_000,
            List.copyOf(notes)));
  }

  private static void runAll(ExecutorService pool, List<Callable<Void>> jobs) {
    if (pool == null) {
      for (Callable<Void> j : jobs) {
        try {
          j.call();
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      return;
    }
    try {
      List<Future<Void>> futures = pool.invokeAll(jobs);
      for (Future<Void> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SolverException("interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Full-formulation size: what one monolithic LP of this problem would have. */
  static long[] formulationSize(DispatchProblem p) {
    long vars = 0;
    long rows = 0;
    int n = p.steps();
    for (SiteInputs s : p.sites()) {
      for (int t = 0; t < n; t++) {
        double base = s.demand[t] - s.pv[t] - s.wind[t];
        vars += 2;
        rows++;
        if (base > s.importLimit) vars++;
        if (s.wind[t] - s.demand[t] > s.exportLimit) vars++;
        if (s.pv[t] > 0) vars++;
        if (s.hasBattery) {
          vars += 3;
          rows++;
        }
        if (s.windowOfStep[t] >= 0) vars++;
        if (s.netTradedKwh(t) != 0) {
          vars += 2;
          rows++;
        }
      }
      for (FlexWindow w : s.windows) {
        if (w.closesInHorizon() && w.requiredKwh() > 0) {
          vars++;
          rows++;
        }
      }
    }
    rows += (long) (p.grid().feeders().size() + 1) * n;
    vars += (long) (p.grid().feeders().size() + 1) * n * 2;
    return new long[] {vars, rows};
  }

  private BitSet solveFeeder(
      DispatchProblem p,
      Plan plan,
      int feeder,
      AtomicInteger solves,
      AtomicInteger coupled,
      List<String> notes,
      AtomicLong siteNanos,
      AtomicLong coupledNanos) {
    long t0 = System.nanoTime();
    List<SiteInputs> sites = p.sitesByFeeder().get(feeder);
    for (SiteInputs s : sites) {
      if (!s.hasBattery && !s.hasFlex && !s.hasCommitments()) {
        closedForm(p, plan, s);
      } else {
        solveAlone(p, plan, s);
        solves.incrementAndGet();
      }
    }
    BitSet broken = feederBroken(p, plan, feeder, new BitSet());
    BitSet rows = new BitSet();
    long t1 = System.nanoTime();
    siteNanos.addAndGet(t1 - t0);
    if (broken.isEmpty()) {
      return rows;
    }
    coupled.incrementAndGet();
    MPSolver solver = newSolver(p);
    try {
      List<SiteLp> lps = new ArrayList<>(sites.size());
      for (SiteInputs s : sites) {
        lps.add(new SiteLp(solver, p, s));
      }
      MPConstraint[] feederRow = new MPConstraint[p.steps()];
      for (int t = 0; t < p.steps(); t++) {
        feederRow[t] =
            couplingRow(
                solver, p, lps, t, p.feederImportCap(feeder, t), p.feederExportCap(feeder, t));
      }
      rows.set(0, p.steps());
      solve(solver, "feeder " + p.grid().feeders().get(feeder).id());
      solves.incrementAndGet();
      for (SiteLp lp : lps) {
        lp.writeTo(plan, p.stepHours());
      }
      for (int t = rows.nextSetBit(0); t >= 0; t = rows.nextSetBit(t + 1)) {
        plan.feederShadow[feeder][t] = -feederRow[t].dualValue() / p.stepHours();
      }
    } finally {
      solver.delete();
      coupledNanos.addAndGet(System.nanoTime() - t1);
    }
    return rows;
  }

  /** A row Σ net over the given sites ∈ [−exportCap, importCap] with penalised slack both ways. */
  private static MPConstraint couplingRow(
      MPSolver solver,
      DispatchProblem p,
      List<SiteLp> lps,
      int t,
      double importCap,
      double exportCap) {
    MPConstraint row = solver.makeConstraint(-exportCap, importCap, "");
    for (SiteLp lp : lps) {
      lp.addNet(row, t);
    }
    double penalty = p.stepHours() * p.settings().limitViolationPenaltyPerKwh();
    MPVariable over = solver.makeNumVar(0, Double.POSITIVE_INFINITY, "");
    MPVariable under = solver.makeNumVar(0, Double.POSITIVE_INFINITY, "");
    row.setCoefficient(over, -1);
    row.setCoefficient(under, 1);
    solver.objective().setCoefficient(over, penalty);
    solver.objective().setCoefficient(under, penalty);
    return row;
  }

  private int solveWholeGrid(
      DispatchProblem p,
      Plan plan,
      BitSet[] feederRows,
      BitSet broken,
      AtomicInteger solves,
      List<String> notes) {
    MPSolver solver = newSolver(p);
    int rounds = 0;
    try {
      List<List<SiteLp>> byFeeder = new ArrayList<>();
      List<SiteLp> all = new ArrayList<>();
      for (List<SiteInputs> sites : p.sitesByFeeder()) {
        List<SiteLp> lps = new ArrayList<>();
        for (SiteInputs s : sites) {
          SiteLp lp = new SiteLp(solver, p, s);
          lps.add(lp);
          all.add(lp);
        }
        byFeeder.add(lps);
      }
      int nf = byFeeder.size();
      MPConstraint[][] fRows = new MPConstraint[nf][p.steps()];
      BitSet[] fPresent = new BitSet[nf];
      for (int f = 0; f < nf; f++) {
        fPresent[f] = (BitSet) feederRows[f].clone();
        for (int t = fPresent[f].nextSetBit(0); t >= 0; t = fPresent[f].nextSetBit(t + 1)) {
          fRows[f][t] =
              couplingRow(
                  solver, p, byFeeder.get(f), t, p.feederImportCap(f, t), p.feederExportCap(f, t));
        }
      }
      MPConstraint[] tRows = new MPConstraint[p.steps()];
      BitSet tPresent = new BitSet();
      BitSet[] fBroken = new BitSet[nf];
      java.util.Arrays.setAll(fBroken, i -> new BitSet());
      while (!broken.isEmpty() || anySet(fBroken)) {
        if (++rounds > MAX_ROUNDS) {
          notes.add("transformer: row generation stopped");
          break;
        }
        if (!broken.isEmpty()) {
          broken.set(0, p.steps());
          broken.andNot(tPresent);
        }
        for (int f = 0; f < nf; f++) {
          if (!fBroken[f].isEmpty()) {
            fBroken[f].set(0, p.steps());
            fBroken[f].andNot(fPresent[f]);
          }
        }
        for (int t = broken.nextSetBit(0); t >= 0; t = broken.nextSetBit(t + 1)) {
          tRows[t] =
              couplingRow(solver, p, all, t, p.transformerImportCap(t), p.transformerExportCap(t));
          tPresent.set(t);
        }
        for (int f = 0; f < nf; f++) {
          for (int t = fBroken[f].nextSetBit(0); t >= 0; t = fBroken[f].nextSetBit(t + 1)) {
            fRows[f][t] =
                couplingRow(
                    solver,
                    p,
                    byFeeder.get(f),
                    t,
                    p.feederImportCap(f, t),
                    p.feederExportCap(f, t));
            fPresent[f].set(t);
          }
        }
        solve(solver, "grid");
        solves.incrementAndGet();
        for (SiteLp lp : all) {
          lp.writeTo(plan, p.stepHours());
        }
        broken = transformerBroken(p, plan, tPresent);
        for (int f = 0; f < nf; f++) {
          fBroken[f] = feederBroken(p, plan, f, fPresent[f]);
        }
      }
      for (int f = 0; f < nf; f++) {
        java.util.Arrays.fill(plan.feederShadow[f], 0);
        for (int t = fPresent[f].nextSetBit(0); t >= 0; t = fPresent[f].nextSetBit(t + 1)) {
          plan.feederShadow[f][t] = -fRows[f][t].dualValue() / p.stepHours();
        }
      }
      for (int t = tPresent.nextSetBit(0); t >= 0; t = tPresent.nextSetBit(t + 1)) {
        plan.transformerShadow[t] = -tRows[t].dualValue() / p.stepHours();
      }
    } finally {
      solver.delete();
    }
    return rounds;
  }

  private static boolean anySet(BitSet[] sets) {
    for (BitSet b : sets) {
      if (!b.isEmpty()) return true;
    }
    return false;
  }

  private static BitSet feederBroken(DispatchProblem p, Plan plan, int feeder, BitSet present) {
    BitSet out = new BitSet();
    for (int t = 0; t < p.steps(); t++) {
      if (present.get(t)) continue;
      double flow = plan.feederFlowKw(p, feeder, t);
      if (flow > p.feederImportCap(feeder, t) + TOLERANCE_KW
          || -flow > p.feederExportCap(feeder, t) + TOLERANCE_KW) {
        out.set(t);
      }
    }
    return out;
  }

  private static BitSet transformerBroken(DispatchProblem p, Plan plan, BitSet present) {
    BitSet out = new BitSet();
    for (int t = 0; t < p.steps(); t++) {
      if (present.get(t)) continue;
      double flow = plan.transformerFlowKw(p, t);
      if (flow > p.transformerImportCap(t) + TOLERANCE_KW
          || -flow > p.transformerExportCap(t) + TOLERANCE_KW) {
        out.set(t);
      }
    }
    return out;
  }

  private static MPSolver newSolver(DispatchProblem p) {
    if (Thread.currentThread().isInterrupted()) {
      throw new SolverException("interrupted: the cycle gave up on the optimiser");
    }
    long remaining = p.settings().solverTimeLimit().toMillis();
    Long deadline = DEADLINE.get();
    if (deadline != null) {
      remaining = (deadline - System.nanoTime()) / 1_000_000;
      if (remaining <= 0) {
        throw new SolverException("out of time: the solver budget is spent");
      }
    }
    MPSolver solver = MPSolver.createSolver("GLOP");
    if (solver == null) {
      throw new SolverException("the GLOP solver is not available in this OR-Tools build");
    }
    solver.setTimeLimit(remaining);
    solver.objective().setMinimization();
    return solver;
  }

  private static void solve(MPSolver solver, String what) {
    MPSolver.ResultStatus status = solver.solve();
    if (status != MPSolver.ResultStatus.OPTIMAL) {
      throw new SolverException(what + ": the LP solver ended with " + status);
    }
  }

  private void solveAlone(DispatchProblem p, Plan plan, SiteInputs s) {
    MPSolver solver = newSolver(p);
    try {
      SiteLp lp = new SiteLp(solver, p, s);
      solve(solver, "site " + s.site.id());
      lp.writeTo(plan, p.stepHours());
    } finally {
      solver.delete();
    }
  }

  /**
   * A site whose only decision is PV curtailment: each step on its own. Curtail what the export
   * limit cannot take, and everything exported when exporting pays less than curtailing costs
   * (negative export prices).
   */
  static void closedForm(DispatchProblem p, Plan plan, SiteInputs s) {
    int i = s.index;
    double pc = s.curtailmentCost;
    for (int t = 0; t < p.steps(); t++) {
      double base = s.demand[t] - s.pv[t] - s.wind[t];
      if (base >= 0) {
        plan.importKw[i][t] = Math.min(base, s.importLimit);
        plan.importOverLimitKw[i][t] = Math.max(0, base - s.importLimit);
        if (base > s.importLimit) {
          plan.importLimitShadow[i][t] = p.settings().limitViolationPenaltyPerKwh();
        }
        continue;
      }
      double surplus = -base;
      double curtail = Math.max(0, surplus - s.exportLimit);
      if (p.exportPrice(t) < -pc) {
        curtail = surplus;
      }
      curtail = Math.min(curtail, s.pv[t]);
      double export = surplus - curtail;
      plan.curtailKw[i][t] = curtail;
      plan.exportKw[i][t] = Math.min(export, s.exportLimit);
      plan.exportOverLimitKw[i][t] = Math.max(0, export - s.exportLimit);
      if (curtail > 0 && export >= s.exportLimit - TOLERANCE_KW) {
        // one more kW of export capacity would earn the export price instead of the penalty
        plan.exportLimitShadow[i][t] = p.exportPrice(t) + pc;
      }
    }
  }
}
