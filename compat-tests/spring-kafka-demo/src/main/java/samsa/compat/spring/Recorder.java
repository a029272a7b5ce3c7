package samsa.compat.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** What the listeners saw, by channel name, for the scenarios to check. Thread-safe. */
@Component
public class Recorder {
  private final Map<String, List<Object>> seen = new ConcurrentHashMap<>();

  public void add(String channel, Object what) {
    List<Object> list = seen.computeIfAbsent(channel, k -> new ArrayList<>());
    synchronized (list) {
      list.add(what);
    }
  }

  @SuppressWarnings("unchecked")
  public <T> List<T> get(String channel) {
    List<Object> list = seen.computeIfAbsent(channel, k -> new ArrayList<>());
    synchronized (list) {
      return (List<T>) new ArrayList<>(list);
    }
  }

  public int count(String channel) {
    return get(channel).size();
  }
}
