/** A seeded generator (mulberry32), so a failing random case can be replayed from its seed. */
export class Random {
	private state: number;

	constructor(readonly seed: number) {
		this.state = seed >>> 0;
	}

	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	pick<T>(values: readonly T[]): T {
		return values[this.int(0, values.length - 1)];
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	string(alphabet: readonly string[], min: number, max: number): string {
		return Array.from({ length: this.int(min, max) }, () => this.pick(alphabet)).join('');
	}
}
