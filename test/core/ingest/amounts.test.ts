import { amountError, amountOf, type AmountInfo } from "../../../src/core/ingest/amounts";

describe("amounts", () => {
  it("takes finite numbers as they are, refuses NaN and infinities", () => {
    expect(amountOf(120.5)).toBe(120.5);
    expect(amountOf(-3)).toBe(-3);
    expect(amountOf(0)).toBe(0);
    expect(amountOf(NaN)).toBeNaN();
    expect(amountOf(Infinity)).toBeNaN();
    expect(amountError(Infinity)).toMatch(/finite/);
    expect(amountError(12)).toBeNull();
  });

  it.each([
    ["120", 120],
    ["  120.50 ", 120.5],
    ["-7.25", -7.25],
    ["+7.25", 7.25],
    [".5", 0.5],
    ["1,234.50", 1234.5],
    ["1,234,567.89", 1234567.89],
    ["1,234", 1234],
    ["12,345", 12345], // a comma before exactly 3 digits groups thousands
    ["12,5", 12.5], // decimal comma: the only reading of a comma before 1 digit
    ["0,75", 0.75],
    ["0,500", 0.5], // "0" cannot open a thousands group
    ["1234,567", 1234.567], // "1234" is too long for a thousands group
    ["1.234,50", 1234.5], // dot groups, comma last = decimal
    ["1.234.567", 1234567],
    ["1.234", 1.234], // one dot is always the decimal point
    ["1 234,50", 1234.5],
    ["1 234.50", 1234.5],
    ["1\u00a0234\u00a0567", 1234567],
    ["(120.00)", -120],
    ["( 1,200 )", -1200],
    ["120-", -120],
    ["−45", -45], // U+2212 minus sign
    ["¥1,200", 1200],
    ["￥120", 120],
    ["$ 99.99", 99.99],
    ["€5", 5],
    ["£5", 5],
    ["120元", 120],
    ["120 元", 120],
    ["RMB 88", 88],
    ["CNY88", 88],
    ["usd 1,234.50", 1234.5],
    ["1,234.50 USD", 1234.5],
    ["-¥120", -120],
    ["¥-120", -120],
    ["(¥120)", -120],
    ["¥(120)", -120],
    ["US$12", 12],
    ["HK$ 50", 50],
    ["１２３．５", 123.5],
    ["－１，２３４", -1234],
    ["1.2E+05", 120000],
    ["1e3", 1000],
  ])("%s → %d", (text, expected) => {
    expect(amountOf(text)).toBe(expected);
    expect(amountError(text)).toBeNull();
  });

  it("reports the currency it saw", () => {
    const info: AmountInfo = { currency: null };
    amountOf("¥12", info);
    expect(info.currency).toBe("CNY");
    amountOf("12元", info);
    expect(info.currency).toBe("CNY");
    amountOf("USD 12", info);
    expect(info.currency).toBe("USD");
    amountOf("€12", info);
    expect(info.currency).toBe("EUR");
    amountOf("12", info);
    expect(info.currency).toBeNull();
  });

  it.each([
    ["", /blank/],
    ["   ", /blank/],
    ["¥", /not a number|no digits/],
    ["12%", /percentage/],
    ["１２％", /percentage/],
    ["--5", /more than one sign/],
    ["(-5)", /more than one sign/],
    ["-5-", /more than one sign/],
    ["1,23,4", /thousands separators/],
    ["12,34,567", /thousands separators/],
    ["0,123,456", /thousands separators/],
    ["1,234.5,6", /thousands separators/],
    ["1 23", /thousands separators/],
    ["2024-03-05", /looks like a date/],
    ["2024/3/5", /looks like a date/],
    ["2024.03.05", /looks like a date/],
    ["2024年3月5日", /looks like a date/],
    ["abc", /not a number/],
    ["12abc", /not a number/],
    ["1.2.3e4", /not a number/],
    ["¥12元", /not a number/],
    ["N/A", /not a number/],
    ["1e999", /not a number/],
  ])("%s is refused", (text, reason) => {
    expect(amountOf(text)).toBeNaN();
    expect(amountError(text)).toMatch(reason);
  });

  it("refuses booleans and blanks", () => {
    expect(amountOf(true)).toBeNaN();
    expect(amountError(false)).toMatch(/logical value/);
    expect(amountOf(null)).toBeNaN();
    expect(amountError(undefined)).toMatch(/blank/);
  });
});
