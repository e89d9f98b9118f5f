/**
 * Runs a storage access that may throw (storage disabled or full: private windows, strict
 * settings); undefined then, so the page degrades to "works until the tab closes" instead of breaking.
 */
export function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
