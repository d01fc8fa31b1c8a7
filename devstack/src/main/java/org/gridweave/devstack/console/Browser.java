package org.gridweave.devstack.console;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A headless Debian Chromium ({@value #CHROMIUM}) driven by Playwright for Java, for the console's
 * browser tests and benchmark. Playwright never downloads a browser here: {@code
 * PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1} is set for its driver and the executable is Debian's.
 *
 * <p>Not thread-safe (neither is Playwright): one thread launches, uses and closes it.
 */
public final class Browser implements AutoCloseable {
  /** Debian's Chromium ({@code apt-get install chromium}). */
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** Why {@link #launch()} fails where Chromium is missing; also fit for a test's skip message. */
  public static final String NOT_INSTALLED =
      CHROMIUM + " not found: install Debian's Chromium with apt-get install chromium";

  /** The console's desktop viewport. */
  public static final int WIDTH = 1280;

  public static final int HEIGHT = 800;

  private static final List<String> ARGS =
      List.of(
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync");

  private final Playwright playwright;
  private final com.microsoft.playwright.Browser chromium;

  private Browser(Playwright playwright, com.microsoft.playwright.Browser chromium) {
    this.playwright = playwright;
    this.chromium = chromium;
  }

  /** Whether Debian's Chromium is there to launch. */
  public static boolean installed() {
    return Files.isExecutable(CHROMIUM);
  }

  /**
   * Starts Playwright's driver and a headless Chromium.
   *
   * @throws IllegalStateException if Chromium is not installed
   */
  public static Browser launch() {
    if (!installed()) {
      throw new IllegalStateException(NOT_INSTALLED);
    }
    Playwright playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      return new Browser(
          playwright,
          playwright
              .chromium()
              .launch(
                  new BrowserType.LaunchOptions()
                      .setExecutablePath(CHROMIUM)
                      .setHeadless(true)
                      .setArgs(ARGS)));
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  /** A fresh context (own cookies, like a new private window) with a 1280 × 800 viewport. */
  public BrowserContext newContext() {
    return newContext(WIDTH, HEIGHT);
  }

  /** A fresh context (own cookies) with the given viewport. */
  public BrowserContext newContext(int width, int height) {
    return chromium.newContext(
        new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(width, height));
  }

  /** Chromium's version, e.g. {@code 156.0.8078.108}. */
  public String version() {
    return chromium.version();
  }

  @Override
  public void close() {
    try {
      chromium.close();
    } finally {
      playwright.close();
    }
  }
}
