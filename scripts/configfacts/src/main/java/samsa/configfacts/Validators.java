package samsa.configfacts;

import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Turns a Kafka validator object into facts: bounds, allowed values, case and list rules,
 * or the name of one of Kafka's special-purpose validators. Unknown validators are named
 * "other" and reported, so a new Kafka release cannot slip one past unnoticed.
 */
final class Validators {
  private Validators() {}

  /** "[1,...,9] or -1": a range plus one more accepted value (compression.gzip.level). */
  private static final Pattern RANGE_OR =
      Pattern.compile("\\[(-?[0-9.]+),\\.\\.\\.,(-?[0-9.]+)\\] or (-?[0-9.]+)");

  static void describe(ConfigDef.Validator v, Fact f, List<String> warnings) {
    if (v == null) return;
    String cls = v.getClass().getSimpleName();
    switch (cls) {
      case "Range" -> {
        Object min = Reflect.field(v, "min");
        Object max = Reflect.field(v, "max");
        f.min = min == null ? null : min.toString();
        f.max = max == null ? null : max.toString();
      }
      case "ValidString" -> strings(Reflect.field(v, "validStrings"), f);
      case "CaseInsensitiveValidString" -> {
        strings(Reflect.field(v, "validStrings"), f);
        f.ignoreCase = true;
      }
      case "ValidList" -> {
        f.listItems = true;
        f.nonEmpty = !(Boolean) Reflect.field(v, "isEmptyAllowed");
        Object valid = Reflect.field(v, "validString");
        if (valid != null) strings(Reflect.field(valid, "validStrings"), f);
      }
      case "NonEmptyString" -> f.nonEmpty = true;
      case "NonNullValidator" -> {
        // Only rules out a null value, which a string from a client or a file never is.
      }
      case "ThrottledReplicaListValidator" -> f.check = "throttled-replicas";
      case "ControllerQuorumVotersValidator" -> f.check = "quorum-voters";
      case "ControllerQuorumBootstrapServersValidator" -> f.check = "bootstrap-servers";
      case "LambdaValidator" -> {
        Matcher m = RANGE_OR.matcher(v.toString());
        if (m.matches()) {
          f.min = m.group(1);
          f.max = m.group(2);
          f.also.add(m.group(3));
        } else {
          other(f, v, warnings);
        }
      }
      default -> other(f, v, warnings);
    }
  }

  private static void strings(Object values, Fact f) {
    for (Object s : (Collection<?>) values) f.allowed.add(s.toString());
  }

  private static void other(Fact f, ConfigDef.Validator v, List<String> warnings) {
    f.check = "other";
    warnings.add(f.scope + " " + f.name + ": validator " + v.getClass().getName() + " ("
        + v + ") is not understood; recorded as check=other");
  }
}
