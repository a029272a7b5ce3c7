package samsa.compat.spring;

/** The reply to an order (request/reply). */
public record OrderStatus(String orderId, String status, int total) {}
