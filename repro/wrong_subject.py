import json, subprocess, sys, os
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
ref = os.path.join(root, "reference", "nnparity_reference.py")
out = subprocess.run([sys.executable, ref] + sys.argv[1:], capture_output=True, text=True).stdout
for line in out.splitlines():
    r = json.loads(line)
    def scale(v, k):
        if isinstance(v, list): return [scale(e, k) for e in v]
        return v * k if isinstance(v, (int, float)) else v
    for key in ("grad_w1", "grad_w2"):
        if key in r: r[key] = scale(r[key], 3)
    if "loss" in r: r["loss"] = r["loss"] * 2
    print(json.dumps(r))
