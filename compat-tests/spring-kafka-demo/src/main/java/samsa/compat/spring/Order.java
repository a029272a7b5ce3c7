package samsa.compat.spring;

/** The application's record type, sent as JSON. A poison order makes the listeners throw. */
public record Order(String id, String item, int quantity, boolean poison) {
  public static Order of(String id, int quantity) {
    return new Order(id, "item-" + id, quantity, false);
  }

  public static Order poisoned(String id) {
    return new Order(id, "item-" + id, 1, true);
  }
}
