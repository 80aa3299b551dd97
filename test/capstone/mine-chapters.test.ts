import { describe, expect, it } from 'vitest';
import { mineExercises, MineUsageError } from '../../capstone/mine/mine-chapters.js';
import { parseCliOptions } from '../../capstone/cli-options.js';
import { exercises } from '../../workbook/manifest/index.js';

describe('--mine chapter list', () => {
  it('picks every exercise of the named chapters that implements a capstone port, in manifest order', () => {
    const picked = mineExercises('04,03');
    expect(Object.fromEntries(picked.map((exercise) => [exercise.id, exercise.capstonePort]))).toEqual({
      '03.4': 'rate-limiter',
      '04.4': 'cache',
      '04.7': 'worker-pool',
    });
    const manifestOrder = exercises.filter((exercise) => picked.includes(exercise));
    expect(picked).toEqual(manifestOrder);
  });

  it('accepts 3 for 03, spaces, and repeats', () => {
    expect(mineExercises('3 03').map((exercise) => exercise.id)).toEqual(['03.4']);
  });

  it('refuses an unknown chapter and a chapter without ports, listing the valid chapters', () => {
    expect(() => mineExercises('09')).toThrow(MineUsageError);
    expect(() => mineExercises('09')).toThrow(/there is no chapter "09"[\s\S]*03: 03\.4/);
    expect(() => mineExercises('01')).toThrow(
      /chapter 01 has no exercise that implements a capstone port[\s\S]*04: .*04\.4 An in-process cache/,
    );
    expect(() => mineExercises(',')).toThrow(/--mine needs chapter numbers/);
  });

  it('reads --mine with a value, with =, and refuses it without one', () => {
    expect(parseCliOptions(['--mine', '03,04']).mine).toBe('03,04');
    expect(parseCliOptions(['--mine=03', '--port', '0']).mine).toBe('03');
    expect(() => parseCliOptions(['--mine'])).toThrow(/--mine needs chapter numbers/);
    expect(parseCliOptions(['--mine', '03', '--mine=04']).mine).toBe('03,04');
  });

  it('refuses unknown options, stray arguments, a bad port and both roles at once, naming what is allowed', () => {
    expect(() => parseCliOptions(['--frob'])).toThrow(/Unknown option '--frob'; allowed: --api-only/);
    expect(() => parseCliOptions(['extra'])).toThrow(/allowed: --api-only/);
    expect(() => parseCliOptions(['--port', '70000'])).toThrow(
      /--port needs a whole number from 0 to 65535, got "70000"/,
    );
    expect(() => parseCliOptions(['--api-only', '--worker-only'])).toThrow(/exclude each other/);
    expect(parseCliOptions(['--worker-only', '--port=0', '-h'])).toEqual({
      role: 'worker',
      port: 0,
      help: true,
      mine: undefined,
    });
  });
});
