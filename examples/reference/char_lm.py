#!/usr/bin/python3
"""PyTorch twin of examples/char_lm.cpp: the same model (Embedding, GRU or LSTM, Linear), the
same data (the file's bytes; the first 90% trains in windows of --seq characters, the last 10%
validates), the same Adam with linear warmup then cosine decay and gradient clipping. Prints the
same `final:` line. Only the random draws (initial weights, batch order) differ."""
import argparse
import math
import time
import warnings

import torch
from torch import nn


def parse():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--text", default="/usr/share/common-licenses/GPL-3")
    p.add_argument("--cell", default="gru", choices=["gru", "lstm"])
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--embed", type=int, default=32)
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--seq", type=int, default=64)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--dropout", type=float, default=0.3)
    p.add_argument("--lr", type=float, default=0.003)
    p.add_argument("--warmup", type=int, default=100)
    p.add_argument("--clip", type=float, default=1.0)
    p.add_argument("--steps", type=int, default=1000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--quiet", action="store_true")
    return p.parse_args()


class Windows(torch.utils.data.Dataset):
    """xgrad::data::SequenceWindows with stride == length."""

    def __init__(self, tokens, length):
        self.tokens, self.length = tokens, length

    def __len__(self):
        return (len(self.tokens) - self.length - 1) // self.length + 1

    def __getitem__(self, i):
        s = i * self.length
        return self.tokens[s:s + self.length], self.tokens[s + 1:s + self.length + 1]


class CharModel(nn.Module):
    def __init__(self, vocab, embed, hidden, layers, cell, dropout):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embed)
        self.dropout = nn.Dropout(dropout)
        rnn = nn.LSTM if cell == "lstm" else nn.GRU
        self.rnn = rnn(embed, hidden, num_layers=layers, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, tokens):
        output = self.rnn(self.dropout(self.embedding(tokens)))[0]
        return self.head(self.dropout(output))


def validation_loss(model, windows, vocab):
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for x, y in torch.utils.data.DataLoader(windows, batch_size=64):
            loss = nn.functional.cross_entropy(model(x).reshape(-1, vocab), y.reshape(-1))
            total += loss.item() * y.numel()
            count += y.numel()
    model.train()
    return total / count


def main():
    args = parse()
    torch.set_num_threads(1)
    # SequentialLR's own scheduler.step(epoch) call warns in torch 1.13.
    warnings.filterwarnings("ignore", category=UserWarning)
    torch.manual_seed(args.seed)
    text = open(args.text, "rb").read()
    characters = sorted(set(text))  # xgrad::data::CharVocabulary: index 0 is "unknown"
    index = {c: i + 1 for i, c in enumerate(characters)}
    vocab = len(characters) + 1
    tokens = torch.tensor([index[c] for c in text], dtype=torch.int64)
    train_size = len(text) * 9 // 10
    train = Windows(tokens[:train_size], args.seq)
    val = Windows(tokens[train_size:], args.seq)

    model = CharModel(vocab, args.embed, args.hidden, args.layers, args.cell,
                      args.dropout)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    warmup = min(args.warmup, args.steps // 10)
    if warmup > 0:
        schedule = torch.optim.lr_scheduler.SequentialLR(optimizer, [
            torch.optim.lr_scheduler.LinearLR(optimizer, 0.01, 1.0, warmup),
            torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, args.steps - warmup)
        ], [warmup])
    else:
        schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, args.steps)
    generator = torch.Generator().manual_seed(args.seed)
    loader = torch.utils.data.DataLoader(train, batch_size=args.batch, shuffle=True,
                                         drop_last=True, generator=generator)

    start = time.time()
    step, running, last = 0, 0.0, 0.0
    while step < args.steps:
        for x, y in loader:
            step += 1
            loss = nn.functional.cross_entropy(model(x).reshape(-1, vocab), y.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), args.clip)
            optimizer.step()
            schedule.step()
            last = loss.item()
            running = last if step == 1 else 0.9 * running + 0.1 * last
            if not args.quiet and step % max(1, args.steps // 10) == 0:
                print(f"step {step}/{args.steps}  loss {running:.5f}", flush=True)
            if step == args.steps:
                break
    val_loss = validation_loss(model, val, vocab)
    print(f"final: step={step} train_loss={running:.9g} last_loss={last:.9g} "
          f"val_loss={val_loss:.9g} val_bpc={val_loss / math.log(2):.9g} "
          f"seconds={time.time() - start:.9g}")


if __name__ == "__main__":
    main()
