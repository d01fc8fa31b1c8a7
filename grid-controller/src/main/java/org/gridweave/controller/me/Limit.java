package org.gridweave.controller.me;

/** The {@code limit} query parameter of the prosumer's lists: a whole number within bounds. */
public final class Limit {
  public static final int DEFAULT = 100;
  public static final int MAX = 1000;

  private Limit() {}

  /**
   * @param text the parameter as given ({@code null}: absent)
   * @return {@link #DEFAULT} when absent
   * @throws BadParameter naming {@code limit} when it is not a whole number within 1..{@link #MAX}
   */
  public static int parse(String text) {
    if (text == null) {
      return DEFAULT;
    }
    int n;
    try {
      n = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new BadParameter("limit", "'" + abbreviate(text) + "' is not a whole number");
    }
    if (n < 1 || n > MAX) {
      throw new BadParameter("limit", "must be between 1 and " + MAX + ", was " + n);
    }
    return n;
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
