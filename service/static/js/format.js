// Numbers as the sources print them: a dot for decimals, percentages with one
// decimal place ("45.0"), nothing longer than two places.
export function formatNumber(value, unit = null) {
  if (typeof value !== "number" || !Number.isFinite(value)) return "—";
  if (unit === "%" && Number.isInteger(Math.round(value * 1000) / 100)) return value.toFixed(1);
  return String(Number(value.toFixed(2)));
}

export function formatValue(value, unit) {
  const number = formatNumber(value, unit);
  return unit === "%" && number !== "—" ? `${number}%` : number;
}
