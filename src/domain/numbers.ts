/** `12,345`: English digit grouping, without the cost of ICU's number formatting on every count. */
export const withThousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
