// Billing dashboard: reads the internal API (X-Api-Key) and draws totals per CPO per month (Chart.js, one chart per
// currency), the CDRs whose cost check failed and the invoice reconciliation findings. No build step, no framework.
// Every value from the API reaches the page through textContent (never innerHTML): CDR ids and reasons come from CPOs.
"use strict";

(() => {
  const storageKey = "ocpi-emsp.billing.api-key";
  const api = "../api/billing/";               // the page is served at <base>/billing/
  const failedVerdicts = ["OVERCHARGED", "UNDERCHARGED", "UNPRICEABLE"];
  const pageLimit = 500;                       // the internal API's largest page
  const maxRows = 2000;                        // per table: a dashboard, not an export (the CSV export is for that)
  const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"];
  const amount = new Intl.NumberFormat("en", { minimumFractionDigits: 2, maximumFractionDigits: 4 });
  const signed = new Intl.NumberFormat("en", { minimumFractionDigits: 2, maximumFractionDigits: 4, signDisplay: "exceptZero" });
  const quantity = new Intl.NumberFormat("en", { maximumFractionDigits: 3 });

  const $ = (selector) => document.querySelector(selector);
  const charts = [];
  let generation = 0;                          // a newer load (another key, a reload) wins over one still reading

  class Refused extends Error {}
  class Unavailable extends Error {
    constructor(status, path) {
      super(`HTTP ${status} from ${path}`);
      this.status = status;
    }
  }

  async function get(path, key) {
    const response = await fetch(api + path, {
      headers: { "X-Api-Key": key, "Accept": "application/json" },
      cache: "no-store", credentials: "omit", referrerPolicy: "no-referrer",
    });
    if (response.status === 401) throw new Refused();
    if (!response.ok) throw new Unavailable(response.status, "/api/billing/" + path.split("?")[0]);
    return response.json();
  }

  // Reads a paged list of the internal API ({total, offset, limit, items}) up to `max` items.
  async function list(path, key, max) {
    const items = [];
    let total = 0;
    for (let offset = 0; ; offset += pageLimit) {
      const page = await get(`${path}${path.includes("?") ? "&" : "?"}offset=${offset}&limit=${pageLimit}`, key);
      total = page.total;
      items.push(...page.items);
      if (page.items.length === 0 || items.length >= total || items.length >= max) break;
    }
    return { items: items.slice(0, max), total };
  }

  function element(tag, text, attributes = {}) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    return node;
  }

  // One table row; `classes` names a CSS class per column (e.g. "num" for amounts, "id" for ids kept on one line).
  function row(cells, classes = []) {
    const tr = document.createElement("tr");
    cells.forEach((cell, index) => {
      const td = cell instanceof Node ? cell : element("td", cell ?? "—");
      if (classes[index]) td.classList.add(classes[index]);
      tr.append(td);
    });
    return tr;
  }

  const money = (value) => (value === null || value === undefined ? "—" : amount.format(value));
  const moneySigned = (value) => (value === null || value === undefined ? "—" : signed.format(value));
  const beforeTaxes = (price) => (price ? price.before_taxes : null);
  const cpoOf = (item) => `${item.country_code}-${item.party_id}`;
  const utc = (timestamp) => (timestamp ? timestamp.replace("T", " ").replace(/(\.\d+)?Z$/, "") : "—");

  function setState(state) {
    document.body.dataset.state = state;
  }

  function say(message) {
    $("#status").textContent = message;
  }

  function alarm(message) {
    const error = $("#error");
    error.textContent = message ?? "";
    error.hidden = !message;
  }

  function clearViews() {
    while (charts.length) charts.pop().destroy();
    $("#totals").replaceChildren();
    $("#failed-table tbody").replaceChildren();
    $("#reconciliation-table tbody").replaceChildren();
    $("#failed-summary").textContent = "";
    $("#reconciliation-summary").textContent = "";
  }

  function unavailable(container, reason) {
    container.replaceChildren(element("p", `Not available: ${reason}.`, { class: "unavailable" }));
  }

  function renderTotals(answer) {
    const container = $("#totals");
    const items = answer.items ?? [];
    if (items.length === 0) {
      container.replaceChildren(element("p", "No CDRs received yet."));
      return;
    }
    const currencies = [...new Set(items.map((i) => i.currency))].sort();
    for (const currency of currencies) {
      const ofCurrency = items.filter((i) => i.currency === currency);
      const months = [...new Set(ofCurrency.map((i) => i.month))].sort();
      const cpos = [...new Set(ofCurrency.map((i) => i.key))].sort();
      const section = element("section", null, { "aria-labelledby": `totals-${currency}`, class: "currency" });
      section.append(element("h3", currency, { id: `totals-${currency}` }));

      const frame = element("div", null, { class: "chart" });
      const canvas = element("canvas", `Bar chart of totals after taxes in ${currency}; the same numbers are in the table below.`, {
        id: `chart-${currency}`, role: "img", "aria-label": `Totals after taxes in ${currency} per CPO per month`,
      });
      frame.append(canvas);
      section.append(frame);

      const table = element("table", null, { class: "totals" });
      table.append(element("caption", `Totals in ${currency} per CPO per month`));
      const head = element("thead");
      head.append(row(["Month", "CPO", "CDRs", "Credit CDRs", "Energy (kWh)", "Before taxes", "Taxes", "After taxes"]
        .map((title) => element("th", title, { scope: "col" })), ["", "", "num", "num", "num", "num", "num", "num"]));
      const body = element("tbody");
      for (const item of ofCurrency) {
        body.append(row([item.month, item.key, String(item.cdr_count), String(item.credit_cdr_count ?? 0),
          quantity.format(item.total_energy ?? 0), money(item.before_taxes), money(item.taxes), money(item.after_taxes)],
        ["id", "id", "num", "num", "num", "num", "num", "num"]));
      }
      table.append(head, body);
      section.append(table);
      container.append(section);

      charts.push(new Chart(canvas, {
        type: "bar",
        data: {
          labels: months,
          datasets: cpos.map((cpo, index) => ({
            label: cpo,
            data: months.map((month) => ofCurrency.find((i) => i.key === cpo && i.month === month)?.after_taxes ?? 0),
            backgroundColor: palette[index % palette.length],
          })),
        },
        options: {
          animation: false,
          maintainAspectRatio: false,
          plugins: {
            title: { display: true, text: `After taxes (${currency}) per CPO per month` },
            tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${money(c.parsed.y)} ${currency}` } },
          },
          scales: {
            x: { title: { display: true, text: "Month (UTC)" } },
            y: { beginAtZero: true, title: { display: true, text: currency } },
          },
        },
      }));
    }
  }

  function dimensionList(check) {
    const cell = element("td");
    const dimensions = check?.dimensions ?? [];
    if (dimensions.length === 0) {
      cell.textContent = "—";
      return cell;
    }
    const list = element("ul", null, { class: "dimensions" });
    for (const d of dimensions) {
      const text = d.difference === null || d.difference === undefined
        ? `${d.type}: stated ${money(beforeTaxes(d.stated))}, computed ${money(beforeTaxes(d.computed))}`
        : `${d.type} ${moneySigned(d.difference)} (stated ${money(beforeTaxes(d.stated))}, computed ${money(beforeTaxes(d.computed))})`;
      list.append(element("li", text, { "data-type": d.type }));
    }
    cell.append(list);
    return cell;
  }

  function renderFailed(results) {
    const lines = results.flatMap((r) => r.items)
      .sort((a, b) => (b.end_date_time ?? "").localeCompare(a.end_date_time ?? ""));
    const body = $("#failed-table tbody");
    for (const line of lines) {
      const check = line.cost_check;
      const tr = row([line.verdict, cpoOf(line), line.cdr_id, utc(line.end_date_time), line.currency,
        money(beforeTaxes(check?.stated)), money(beforeTaxes(check?.computed)), moneySigned(check?.difference),
        dimensionList(check), check?.reason ?? "—"], ["", "id", "id", "id", "", "num", "num", "num"]);
      tr.dataset.cdrId = line.cdr_id;
      tr.dataset.verdict = line.verdict;
      body.append(tr);
    }
    if (lines.length === 0) body.append(row([element("td", "No failed cost checks.", { colspan: "10" })]));
    const counts = failedVerdicts.map((v, i) => `${v} ${results[i].total}`).join(", ");
    const total = results.reduce((sum, r) => sum + r.total, 0);
    $("#failed-summary").textContent = `${total} CDR(s) with a failed cost check (${counts})` +
      (total > lines.length ? `; showing ${lines.length}, the CSV export has them all.` : ".");
  }

  function renderReconciliation(answer) {
    const body = $("#reconciliation-table tbody");
    const records = answer.items.filter((r) => !r.deleted);
    let findings = 0;
    for (const record of records) {
      const totals = (record.totals ?? [])
        .map((t) => `${money(t.after_taxes)} ${t.currency} (${t.cdr_count} CDR${t.cdr_count === 1 ? "" : "s"})`).join("; ") || "—";
      const base = [record.cpo ?? cpoOf(record), record.id, record.invoice_id, record.direction];
      const list = record.findings ?? [];
      findings += list.length;
      const classes = ["id", "id", "id", "", "", "id"];
      if (list.length === 0) body.append(row([...base, "none", "—", "Every CDR matches our billing lines.", totals], classes));
      for (const finding of list) {
        const tr = row([...base, finding.kind, finding.cdr_id, finding.detail, totals], classes);
        tr.dataset.kind = finding.kind;
        body.append(tr);
      }
    }
    if (records.length === 0) body.append(row([element("td", "No invoice reconciliation records.", { colspan: "8" })]));
    $("#reconciliation-summary").textContent = `${records.length} record(s), ${findings} finding(s)` +
      (answer.total > answer.items.length ? `; showing the first ${answer.items.length} of ${answer.total} records.` : ".");
  }

  async function load(key) {
    const mine = ++generation;
    clearViews();
    alarm(null);
    setState("loading");
    say("Loading billing data…");
    const parts = await Promise.allSettled([
      get("totals?group_by=cpo", key),
      Promise.all(failedVerdicts.map((v) => list(`lines?verdict=${v}`, key, maxRows))),
      list("reconciliation", key, maxRows),
    ]);
    if (mine !== generation) return;
    if (parts.some((p) => p.status === "rejected" && p.reason instanceof Refused)) {
      clearViews();
      sessionStorage.removeItem(storageKey);
      setState("refused");
      say("Enter the internal API key to see billing data.");
      alarm("The internal API refused this key (HTTP 401): no data is shown. Check the key and enter it again.");
      return;
    }
    const [totals, failed, reconciliation] = parts;
    const problems = [];
    const show = (part, render, fallback, name) => {
      if (part.status === "fulfilled") return render(part.value);
      problems.push(`${name}: ${part.reason.message}`);
      fallback(part.reason instanceof Unavailable ? part.reason.message : "the request failed");
    };
    show(totals, renderTotals, (why) => unavailable($("#totals"), why), "totals");
    show(failed, renderFailed, (why) => { $("#failed-summary").textContent = `Not available: ${why}.`; }, "failed cost checks");
    show(reconciliation, renderReconciliation, (why) => { $("#reconciliation-summary").textContent = `Not available: ${why}.`; }, "reconciliation");
    if (problems.length) alarm(`Some billing data could not be read: ${problems.join("; ")}.`);
    setState(problems.length ? "partial" : "loaded");
    say(`Billing data read at ${new Date().toISOString().replace("T", " ").slice(0, 19)} UTC.`);
  }

  function run(key) {
    load(key).catch((error) => {
      setState("failed");
      alarm(`The billing data could not be shown: ${error.message}`);
    });
  }

  function start() {
    const input = $("#api-key");
    $("#key-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const key = input.value.trim();
      if (!key) return;
      sessionStorage.setItem(storageKey, key);
      input.value = "";
      run(key);
    });
    $("#forget-key").addEventListener("click", () => {
      generation++;
      sessionStorage.removeItem(storageKey);
      clearViews();
      alarm(null);
      setState("no-key");
      say("Key forgotten. Enter the internal API key to see billing data.");
    });
    const key = sessionStorage.getItem(storageKey);
    if (key) run(key);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
