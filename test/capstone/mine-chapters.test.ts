import { describe, expect, it } from 'vitest';
import { mineExercises, MineUsageError } from '../../capstone/mine/mine-chapters.js';
import { parseCliOptions } from '../../capstone/cli-options.js';

describe('--mine chapter list', () => {
  it('picks every exercise of the named chapters that implements a capstone port, in manifest order', () => {
    expect(mineExercises('04,03').map((exercise) => [exercise.id, exercise.capstonePort])).toEqual([
      ['03.4', 'rate-limiter'],
      ['04.4', 'cache'],
      ['04.7', 'worker-pool'],
    ]);
  });

  it('accepts 3 for 03, spaces, and repeats', () => {
    expect(mineExercises('3 03').map((exercise) => exercise.id)).toEqual(['03.4']);
  });

  it('refuses an unknown chapter and a chapter without ports, listing the valid chapters', () => {
    expect(() => mineExercises('09')).toThrow(MineUsageError);
    expect(() => mineExercises('09')).toThrow(/there is no chapter "09"[\s\S]*03: 03\.4/);
    expect(() => mineExercises('01')).toThrow(/chapter 01 has no exercise that implements a capstone port[\s\S]*04: 04\.4/);
    expect(() => mineExercises(',')).toThrow(/--mine needs chapter numbers/);
  });

  it('reads --mine with a value, with =, and refuses it without one', () => {
    expect(parseCliOptions(['--mine', '03,04']).mine).toBe('03,04');
    expect(parseCliOptions(['--mine=03', '--port', '0']).mine).toBe('03');
    expect(() => parseCliOptions(['--mine'])).toThrow(/--mine needs chapter numbers/);
  });
});
