#!/usr/bin/python3
"""PyTorch twin of examples/sequence_classification.cpp: the same sequences (the same SplitMix64
generator), split 90/10 at random, padded, packed and read by a bidirectional GRU or LSTM whose
last states feed a Linear; Adam with ReduceLROnPlateau on the validation loss. Prints the same
`final:` line. Only the random draws (initial weights, split, batch order) differ, unless
--save-init-weights and --save-batch-order write this run's draws for the xgrad example's
--init-weights and --batch-order: then both runs follow the same trajectory."""
import argparse
import os
import sys
import time

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_sequence

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests",
                                "golden"))
from make_safetensors_golden import write_safetensors  # noqa: E402 (the repo's one writer)

NOISE, MARKERS, MIN_LENGTH, MAX_LENGTH = 10, 3, 5, 60
MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n


def first_marker_sequences(count, seed):
    rng, examples = SplitMix64(seed), []
    for _ in range(count):
        length = MIN_LENGTH + rng.below(MAX_LENGTH - MIN_LENGTH + 1)
        tokens = [1 + rng.below(NOISE) for _ in range(length)]
        for _ in range(1 + rng.below(3)):
            position = rng.below(length)
            tokens[position] = 1 + NOISE + rng.below(MARKERS)
        label = next(t for t in tokens if t > NOISE) - NOISE - 1
        examples.append((torch.tensor(tokens), torch.tensor(label)))
    return examples


def pad_collate(examples):
    sequences = [e[0] for e in examples]
    return (pad_sequence(sequences, batch_first=True),
            torch.tensor([len(s) for s in sequences]), torch.stack([e[1] for e in examples]))


class Classifier(nn.Module):
    def __init__(self, embed, hidden, layers, cell):
        super().__init__()
        self.embedding = nn.Embedding(1 + NOISE + MARKERS, embed, padding_idx=0)
        rnn = nn.LSTM if cell == "lstm" else nn.GRU
        self.rnn = rnn(embed, hidden, num_layers=layers, batch_first=True, bidirectional=True)
        self.head = nn.Linear(2 * hidden, MARKERS)

    def forward(self, padded, lengths):
        packed = pack_padded_sequence(self.embedding(padded), lengths, batch_first=True,
                                      enforce_sorted=False)
        state = self.rnn(packed)[1]
        h = state[0] if isinstance(state, tuple) else state
        return self.head(torch.cat([h[-2], h[-1]], 1))


def training_batches(train, batch, steps, seed):
    """The indices (into the whole dataset) of each step's batch: `train` shuffled anew each
    epoch by DataLoader(shuffle=True, drop_last=True), epoch after epoch."""
    order = torch.utils.data.DataLoader(range(len(train)), batch_size=batch, shuffle=True,
                                        drop_last=True,
                                        generator=torch.Generator().manual_seed(seed))
    batches = []
    while len(batches) < steps:
        for b in order:
            batches.append([train.indices[i] for i in b.tolist()])
            if len(batches) == steps:
                break
    return batches


def evaluate(model, dataset):
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for padded, lengths, labels in torch.utils.data.DataLoader(
                dataset, batch_size=256, collate_fn=pad_collate):
            logits = model(padded, lengths)
            loss += nn.functional.cross_entropy(logits, labels).item() * len(labels)
            correct += (logits.argmax(1) == labels).sum().item()
    model.train()
    return loss / len(dataset), correct / len(dataset)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--cell", default="gru", choices=["gru", "lstm"])
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--embed", type=int, default=16)
    p.add_argument("--hidden", type=int, default=32)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--sequences", type=int, default=4000)
    p.add_argument("--eval-every", type=int, default=40)
    p.add_argument("--steps", type=int, default=400)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--quiet", action="store_true")
    p.add_argument("--save-init-weights", metavar="PATH.safetensors",
                   help="write the initial state_dict there")
    p.add_argument("--save-batch-order", metavar="PATH.safetensors",
                   help="write the validation indices and each step's batch indices there")
    args = p.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)

    sequences = first_marker_sequences(args.sequences, args.seed)
    train, val = torch.utils.data.random_split(
        sequences, [0.9, 0.1], generator=torch.Generator().manual_seed(args.seed))
    model = Classifier(args.embed, args.hidden, args.layers, args.cell)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor=0.5, patience=1)
    batches = training_batches(train, args.batch, args.steps, args.seed)
    if args.save_init_weights:
        write_safetensors(args.save_init_weights, model.state_dict())
    if args.save_batch_order:
        write_safetensors(args.save_batch_order, {
            "validation": torch.tensor(val.indices), "training": torch.tensor(batches).reshape(-1)})
    start = time.time()
    running, val_loss, accuracy = 0.0, 0.0, 0.0
    for step, indices in enumerate(batches, 1):
        padded, lengths, labels = pad_collate([sequences[i] for i in indices])
        loss = nn.functional.cross_entropy(model(padded, lengths), labels)
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        running = loss.item() if step == 1 else 0.9 * running + 0.1 * loss.item()
        if step % args.eval_every == 0 or step == args.steps:
            val_loss, accuracy = evaluate(model, val)
            plateau.step(val_loss)
            if not args.quiet:
                print(f"step {step}/{args.steps}  loss {running:.5f}  "
                      f"validation accuracy {accuracy:.4f}", flush=True)
    print(f"final: step={args.steps} train_loss={running:.9g} val_loss={val_loss:.9g} "
          f"val_accuracy={accuracy:.9g} seconds={time.time() - start:.9g}")


if __name__ == "__main__":
    main()
