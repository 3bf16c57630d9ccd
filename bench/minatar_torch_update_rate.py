#!/usr/bin/python3
"""PyTorch CPU peer for Flock's MinAtar learner figures (a sibling of ../shared/peers/torch_update_rate.py):
MinAtar's own network (Conv2d(4, 16, 3, stride 1) + ReLU, Linear(1024, 128) + ReLU, Linear(128, 6)) on 0/1
10x10x4 boards, Double-DQN updates/s (online forward on s and s', target forward on s', importance-weighted
Huber, backward, clip 10, Adam at 2.5e-4), then inference observations/s at batch 64. One thread by default.
Prints "<updates/s> <forward obs/s>" on the last line.
Needs: apt-get install -y python3-torch libopenblas0-pthread
Usage: minatar_torch_update_rate.py [seconds] [batch] [threads]"""
import sys, time, torch, torch.nn as nn
secs = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
B = int(sys.argv[2]) if len(sys.argv) > 2 else 32
torch.set_num_threads(int(sys.argv[3]) if len(sys.argv) > 3 else 1); torch.manual_seed(0)
C, A, gamma = 4, 6, 0.99
def net():
    return nn.Sequential(nn.Conv2d(C, 16, 3, 1), nn.ReLU(), nn.Flatten(), nn.Linear(8 * 8 * 16, 128), nn.ReLU(), nn.Linear(128, A))
q, qt = net(), net(); qt.load_state_dict(q.state_dict())
opt = torch.optim.Adam(q.parameters(), lr=2.5e-4)
board = lambda n: (torch.rand(n, C, 10, 10) < 0.1).float()
obs, nxt = board(B), board(B)
act = torch.randint(0, A, (B,)); rew = torch.randn(B); disc = torch.full((B,), gamma); w = torch.rand(B)
def update():
    with torch.no_grad():
        a_star = q(nxt).argmax(1, keepdim=True)
        target = rew + disc * qt(nxt).gather(1, a_star).squeeze(1)
    pred = q(obs).gather(1, act.unsqueeze(1)).squeeze(1)
    loss = (w * nn.functional.smooth_l1_loss(pred, target, reduction="none")).mean()
    opt.zero_grad(set_to_none=True); loss.backward()
    nn.utils.clip_grad_norm_(q.parameters(), 10.0); opt.step()
def rate(step, per_call):
    for _ in range(20): step()
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < secs:
        for _ in range(10): step()
        n += 10
    return n * per_call / (time.perf_counter() - t0)
updates = rate(update, 1)
x64 = board(64)
with torch.no_grad():
    forward = rate(lambda: q(x64), 64)
print(f"torch {torch.__version__} threads={torch.get_num_threads()} minatar conv16k3s1,fc128 batch={B}: {updates:.1f} updates/s, forward {forward:.0f} obs/s (batch 64)")
print(f"{updates:.1f} {forward:.0f}")
