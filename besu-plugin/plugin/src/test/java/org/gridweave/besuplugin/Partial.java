package org.gridweave.besuplugin;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Fakes of Besu's interfaces that compile against the API subset and against Besu's real API (which
 * declares more members): a proxy answers each call with the method of the same name and parameter
 * types on a plain object, runs a default method as declared, and throws for anything else, naming
 * it.
 */
final class Partial {

  private Partial() {}

  static <T> T of(Class<T> type, Object delegate) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
              case "equals" -> proxy == args[0];
              case "hashCode" -> System.identityHashCode(proxy);
              default -> "Partial " + type.getSimpleName() + " on " + delegate;
            };
          }
          Method target = find(delegate.getClass(), method);
          if (target != null) {
            target.setAccessible(true);
            try {
              return target.invoke(delegate, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          }
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          throw new UnsupportedOperationException(
              type.getSimpleName() + "." + method.getName() + " is not faked");
        };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Method find(Class<?> delegateType, Method method) {
    try {
      return delegateType.getDeclaredMethod(method.getName(), method.getParameterTypes());
    } catch (NoSuchMethodException notFaked) {
      return null;
    }
  }
}
