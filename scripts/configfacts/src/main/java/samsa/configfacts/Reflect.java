package samsa.configfacts;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/** Small reflection helpers: Kafka's server classes are only looked up at run time. */
final class Reflect {
  private Reflect() {}

  static Class<?> type(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("class " + name + " is not on the class path", e);
    }
  }

  static boolean exists(String name) {
    try {
      Class.forName(name);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** A public static field's value. */
  static Object staticField(String cls, String field) {
    try {
      return type(cls).getField(field).get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(cls + "." + field, e);
    }
  }

  /** A field's value, private or not (validators keep their facts in private fields). */
  static Object field(Object target, String name) {
    for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
      } catch (NoSuchFieldException e) {
        continue;
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(c.getName() + "." + name, e);
      }
    }
    throw new IllegalStateException(target.getClass().getName() + " has no field " + name);
  }

  /** Calls a public method by name and parameter types (null target: static). */
  static Object call(Object target, Class<?> cls, String method, Class<?>[] types, Object... args) {
    try {
      Method m = cls.getMethod(method, types);
      return m.invoke(target, args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) throw (RuntimeException) cause;
      throw new IllegalStateException(cls.getName() + "." + method, cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(cls.getName() + "." + method, e);
    }
  }

  /** The singleton of a Scala object (class name without the trailing $). */
  static Object scalaObject(String name) {
    return staticField(name + "$", "MODULE$");
  }
}
