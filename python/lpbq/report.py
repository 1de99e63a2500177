"""Per-layer quality report of an LPBQ quantization.

Reads the JSON that ``lpbq-opt --lpbq-quantize-weights="report=FILE"`` (or
``lpbq.set_grouped_blockwise_quantization_for_weights(..., report=FILE)``)
writes, prints a table and, with ``--plot``, draws:

* per-layer SQNR (dB) of LPBQ against its two baselines on the same weight,
  float-scale blockwise (each block its own float scale) and per-channel at
  the same bitwidth, as grouped bars (an exact reconstruction, SQNR null in
  the report, is drawn as a hatched "exact" bar);
* bits per weight of each: LPBQ as stored (from the report), blockwise with
  fp16 block scales (``bw + 16 / block elements``) and per-channel with one
  fp32 scale per channel (``bw + 32 / channel elements``).

Usage::

    python -m lpbq.report REPORT.json [--plot out.png] [--bitwidth 4]

Needs only the standard library for the table and matplotlib (Debian's
``python3-matplotlib``, Agg backend, no display) for the plot.
"""

import argparse
import json
import math
import sys

__all__ = ["load_report", "format_table", "plot_report", "main"]

_FIELDS = ("name", "op", "shape", "channels", "blocks", "block_size", "bits_per_weight",
           "sqnr_lpbq_db", "sqnr_blockwise_db", "sqnr_per_channel_db")
_SCHEMES = (
    # report key, label, colour
    ("sqnr_lpbq_db", "LPBQ", "#1f77b4"),
    ("sqnr_blockwise_db", "blockwise, float scales", "#ff7f0e"),
    ("sqnr_per_channel_db", "per-channel", "#7f7f7f"),
)


class ReportError(ValueError):
    """The report file is not what --lpbq-quantize-weights writes."""


def load_report(path):
    """Reads and checks a report; returns the parsed dict."""
    try:
        with open(path) as f:
            report = json.load(f)
    except OSError as e:
        raise ReportError("cannot read %s: %s" % (path, e.strerror)) from None
    except json.JSONDecodeError as e:
        raise ReportError("%s: line %d, column %d: %s" % (path, e.lineno, e.colno, e.msg)) \
            from None
    if not isinstance(report, dict) or not isinstance(report.get("layers"), list):
        raise ReportError("%s: expected an object with a 'layers' list" % path)
    for i, layer in enumerate(report["layers"]):
        missing = [k for k in _FIELDS if k not in layer] if isinstance(layer, dict) else _FIELDS
        if missing:
            raise ReportError("%s: layers[%d]: missing %s" % (path, i, ", ".join(missing)))
    return report


def _elements(layer):
    n = 1
    for d in layer["shape"]:
        n *= int(d)
    return n


def baseline_bits(layer, bitwidth=4):
    """(blockwise with fp16 scales, per-channel with fp32 scales) bits per
    weight for the layer's geometry."""
    n = _elements(layer)
    per_channel = n / layer["channels"]
    per_block = per_channel / layer["blocks"]
    return bitwidth + 16.0 / per_block, bitwidth + 32.0 / per_channel


def _db(v):
    return "exact" if v is None else "%.2f" % v


def format_table(report, bitwidth=4):
    """The report as a text table."""
    header = ("layer", "op", "shape", "ch", "blocks", "bs", "bits/w", "bw fp16",
              "pc bits", "LPBQ dB", "blockwise dB", "per-ch dB", "LPBQ-bw dB")
    rows = []
    for layer in report["layers"]:
        bw_bits, pc_bits = baseline_bits(layer, bitwidth)
        lp, bw = layer["sqnr_lpbq_db"], layer["sqnr_blockwise_db"]
        delta = "-" if lp is None or bw is None else "%+.2f" % (lp - bw)
        rows.append((layer["name"], layer["op"], "x".join(str(d) for d in layer["shape"]),
                     str(layer["channels"]), str(layer["blocks"]), str(layer["block_size"]),
                     "%.4f" % layer["bits_per_weight"], "%.4f" % bw_bits, "%.4f" % pc_bits,
                     _db(lp), _db(bw), _db(layer["sqnr_per_channel_db"]), delta))
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(header)]
    left = {0, 1, 2}

    def fmt(cells):
        return "  ".join(c.ljust(w) if i in left else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    lines = [fmt(header), fmt(["-" * w for w in widths])]
    lines += [fmt(r) for r in rows]
    summary = report.get("summary")
    if isinstance(summary, dict):
        before, after = summary.get("bytes-before", 0), summary.get("bytes-after", 0)
        skipped = {k[len("skipped-"):]: v for k, v in summary.items()
                   if k.startswith("skipped-") and v}
        text = "%d weights quantized" % summary.get("weights-quantized", len(rows))
        if before:
            text += ", %d -> %d bytes (%.1fx smaller)" % (before, after, before / max(after, 1))
        if skipped:
            text += "; skipped: " + ", ".join("%s %d" % kv for kv in sorted(skipped.items()))
        lines += ["", text]
    if not rows:
        lines.append("(no quantized layers)")
    return "\n".join(lines)


def plot_report(report, path, bitwidth=4, title=None, dpi=150):
    """Draws the SQNR and bits-per-weight panels into ``path`` (PNG, SVG,
    PDF: by extension)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    layers = report["layers"]
    n = len(layers)
    names = [layer["name"] for layer in layers]
    fig_w = max(8.0, 1.5 + 1.2 * n)
    fig, (ax_q, ax_b) = plt.subplots(
        2, 1, figsize=(fig_w, 7.2), sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    width = 0.26
    xs = list(range(n))

    # SQNR panel; exact reconstructions are drawn at the top of the scale.
    finite = [layer[k] for layer in layers for k, _, _ in _SCHEMES if layer[k] is not None]
    top = (max(finite) if finite else 40.0) * 1.12 + 1.0
    for j, (key, label, colour) in enumerate(_SCHEMES):
        offs = [x + (j - 1) * width for x in xs]
        vals = [layer[key] for layer in layers]
        heights = [top if v is None else v for v in vals]
        bars = ax_q.bar(offs, heights, width, label=label, color=colour,
                        edgecolor="white", linewidth=0.6)
        for bar, v in zip(bars, vals):
            if v is None:
                bar.set_hatch("//")
                bar.set_alpha(0.45)
            ax_q.annotate("exact" if v is None else "%.1f" % v,
                          (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                          xytext=(0, 2), textcoords="offset points", ha="center",
                          va="bottom", fontsize=7, rotation=90 if n > 6 else 0)
    ax_q.set_ylabel("SQNR (dB, higher is better)")
    ax_q.set_ylim(min(0.0, min(finite, default=0.0)), top * 1.18)
    ax_q.grid(axis="y", alpha=0.3)
    ax_q.set_axisbelow(True)
    handles, labels = ax_q.get_legend_handles_labels()
    labels = [l if l != "per-channel" else "per-channel int%d" % bitwidth for l in labels]
    if any(layer[k] is None for layer in layers for k, _, _ in _SCHEMES):
        handles.append(Patch(facecolor="white", edgecolor="black", hatch="//"))
        labels.append("exact (no error)")
    ax_q.legend(handles, labels, loc="upper left", ncol=len(labels), fontsize=8,
                frameon=False)

    # Bits per weight.
    bits = [(layer["bits_per_weight"],) + baseline_bits(layer, bitwidth) for layer in layers]
    bit_labels = ("LPBQ (as stored)", "blockwise int%d + fp16 scales" % bitwidth,
                  "per-channel int%d + fp32 scale" % bitwidth)
    for j, (label, (_, _, colour)) in enumerate(zip(bit_labels, _SCHEMES)):
        offs = [x + (j - 1) * width for x in xs]
        vals = [b[j] for b in bits]
        bars = ax_b.bar(offs, vals, width, label=label, color=colour, edgecolor="white",
                        linewidth=0.6)
        for bar, v in zip(bars, vals):
            ax_b.annotate("%.3g" % v, (bar.get_x() + bar.get_width() / 2, v),
                          xytext=(0, 2), textcoords="offset points", ha="center",
                          va="bottom", fontsize=7, rotation=90 if n > 6 else 0)
    hi = max((max(b) for b in bits), default=bitwidth + 1)
    ax_b.set_ylim(bitwidth - 0.5 if hi - bitwidth < 2 else 0, hi + (hi - bitwidth + 0.5) * 0.45)
    ax_b.axhline(bitwidth, color="black", linewidth=0.8, linestyle=":")
    ax_b.set_ylabel("bits per weight")
    ax_b.grid(axis="y", alpha=0.3)
    ax_b.set_axisbelow(True)
    ax_b.legend(loc="upper left", ncol=3, fontsize=8, frameon=False)
    ax_b.set_xticks(xs)
    ax_b.set_xticklabels(names, rotation=20 if n > 3 else 0, ha="right" if n > 3 else "center",
                         fontsize=9)

    if title is None:
        title = "LPBQ per-layer quality"
        block_sizes = sorted({layer["block_size"] for layer in layers})
        if block_sizes:
            title += " (block size %s)" % ", ".join(str(b) for b in block_sizes)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m lpbq.report",
        description="Print (and plot) the per-layer report written by "
                    "--lpbq-quantize-weights=\"report=FILE\".")
    parser.add_argument("report", help="the report JSON")
    parser.add_argument("--plot", metavar="FILE", help="draw the report into FILE (e.g. a PNG)")
    parser.add_argument("--bitwidth", type=int, default=4,
                        help="bitwidth of the quantization, for the baselines' bits "
                             "(default 4)")
    parser.add_argument("--title", help="title of the plot")
    parser.add_argument("--dpi", type=int, default=150, help="resolution of the plot")
    args = parser.parse_args(argv)
    try:
        report = load_report(args.report)
    except ReportError as e:
        print("error: %s" % e, file=sys.stderr)
        return 1
    print(format_table(report, args.bitwidth))
    if args.plot:
        plot_report(report, args.plot, args.bitwidth, args.title, args.dpi)
        print("wrote %s" % args.plot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
