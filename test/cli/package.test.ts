import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { tempDir } from '../helpers.js';

/**
 * The package users install: `npm pack` builds it (prepack, with the lock file
 * as npm-shrinkwrap.json so users get the tested dependency versions), an
 * install into a temporary project takes it from the tarball, and `npx
 * coldbench` runs from there. The install takes package tarballs from the npm
 * cache that `npm ci` filled and asks the npm registry only for package
 * metadata (the one test that talks to the registry, as `npm ci` itself does);
 * without a registry it is skipped with a message.
 */
describe('the installed package', () => {
  it('npx coldbench --help and --list work from a packed tarball; results go to the current folder', { timeout: 240_000 }, () => {
    const packDir = tempDir();
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', packDir], { cwd: PACKAGE_ROOT, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!;
    const project = tempDir();
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', private: true }));
    const install = spawnSync(
      'npm',
      ['install', '--prefer-offline', '--omit=dev', '--no-audit', '--no-fund', path.join(packDir, tarball)],
      { cwd: project, encoding: 'utf8', timeout: 180_000 },
    );
    if (install.status !== 0 && /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENOTCACHED/.test(install.stderr)) {
      console.warn(`skipped: the npm registry cannot be reached for package metadata: ${install.stderr.slice(0, 300)}`);
      return;
    }
    expect(install.status, install.stderr).toBe(0);
    const help = spawnSync('npx', ['--no-install', 'coldbench', '--help'], { cwd: project, encoding: 'utf8' });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('--scenarios <dir>');
    const list = spawnSync('npx', ['--no-install', 'coldbench', '--list'], { cwd: project, encoding: 'utf8' });
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toContain('calibration-node');
    const run = spawnSync(
      'npx',
      ['--no-install', 'coldbench', '--only', 'calibration-node', '--cold', '1', '--warm', '1', '--warmup', '0', '--no-imports'],
      { cwd: project, encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    const results = path.join(project, 'results');
    expect(existsSync(results)).toBe(true);
    expect(readdirSync(results)).toHaveLength(1);
    const compare = spawnSync('npx', ['--no-install', 'coldbench', 'compare', '--help'], { cwd: project, encoding: 'utf8' });
    expect(compare.status, compare.stderr).toBe(0);
  });
});
