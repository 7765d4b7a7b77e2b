// Figures over runs, shared by the benchmark scripts that open the app in Chromium.

/** The median (the mean of the two middle values of an even count). */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
