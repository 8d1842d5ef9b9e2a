/**
 * Signatures checked against keystoneclient's Ec2Signer: every expected
 * value below was computed by that Python class (python3-keystoneclient
 * 5.0.1) for the same inputs, so a difference here is a difference from
 * what Keystone accepts.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  computeEc2Signature,
  type Ec2Credentials,
  ec2RequestTime,
  verifyEc2Signature,
} from './ec2-signature.js';

const SECRET = 'a7c3f1e9-secret/key+==';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const v2: Ec2Credentials = {
  access: 'AKIDEXAMPLE',
  host: 'ec2.example.com:8773',
  verb: 'GET',
  path: '/services/Cloud/',
  params: {
    Action: 'DescribeInstances',
    SignatureVersion: '2',
    SignatureMethod: 'HmacSHA1',
    AWSAccessKeyId: 'AKIDEXAMPLE',
    Timestamp: '2026-11-30T05:00:00Z',
    Version: '2010-08-31',
    'Filter.1.Name': "tag:a b*(c)!'~",
  },
};
const v4Header: Ec2Credentials = {
  access: 'AKIDEXAMPLE',
  host: 'ec2.example.com:8773',
  verb: 'GET',
  path: '/',
  params: { Action: 'DescribeRegions', Version: '2013-10-15' },
  headers: {
    Host: 'ec2.example.com:8773',
    'X-Amz-Date': '20261130T050000Z',
    Authorization:
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/RegionOne/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=x',
    'User-Agent': 'aws-cli/1',
  },
  body_hash: sha256(''),
};
const v4Query: Ec2Credentials = {
  access: 'AKIDEXAMPLE',
  host: 'h:1',
  verb: 'GET',
  path: '/x',
  params: {
    Action: 'DescribeRegions',
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': 'AKIDEXAMPLE/20261130/RegionOne/ec2/aws4_request',
    'X-Amz-Date': '20261130T050000Z',
    'X-Amz-SignedHeaders': 'host',
  },
  headers: { Host: 'h:1' },
  body_hash: 'UNSIGNED-PAYLOAD',
};

describe('computeEc2Signature (as keystoneclient Ec2Signer)', () => {
  it.each([
    {
      name: 'v2 (always HmacSHA256, reserved characters encoded)',
      creds: v2,
      want: 'qYawMEwvcRRqRqj+MNeNIyvEWlqP3Ed7TI3lU202jfA=',
    },
    {
      name: 'v2 without the port',
      creds: { ...v2, host: 'ec2.example.com' },
      want: 'RulLg/xhYbwLmwuyD9ImS03O2SLe/tuL3dIFcveeOgE=',
    },
    {
      name: 'v4 from the Authorization header',
      creds: v4Header,
      want: 'c490eeab69106ed7ba508435142d62f4f4f3a7e30192d794773efe77f7b30c05',
    },
    {
      name: 'v4 POST (no query string, body hash)',
      creds: { ...v4Header, verb: 'POST', body_hash: sha256('Action=DescribeRegions&Version=2013-10-15') },
      want: '5b124edd7f1dc553baeb6835268e647991d4005154d79878485497ed3beb7f54',
    },
    {
      name: 'v4 from X-Amz-* query parameters',
      creds: v4Query,
      want: '7342dc086007db080c7b1ae42f8d3fcb029bdcf5e9b0236fc3804105c06a1e91',
    },
    {
      name: 'v1',
      creds: { access: 'a', params: { SignatureVersion: '1', Action: 'X', b: '2', A: '1', Timestamp: 't' } },
      want: 'CRG27clNmwGkciRffL9CC/VEX74=',
    },
    {
      name: 'v0',
      creds: {
        access: 'a',
        params: { SignatureVersion: '0', Action: 'X', Timestamp: '2026-11-30T05:00:00Z' },
      },
      want: 'f+FHFhsOH2BmxOX4PWnuIvVfxW0=',
    },
  ])('$name', ({ creds, want }) => {
    expect(computeEc2Signature(SECRET, creds)).toBe(want);
  });
});

describe('verifyEc2Signature', () => {
  it('accepts the right signature and one made over the host without its port', () => {
    expect(
      verifyEc2Signature(SECRET, { ...v2, signature: 'qYawMEwvcRRqRqj+MNeNIyvEWlqP3Ed7TI3lU202jfA=' }),
    ).toBe(true);
    expect(
      verifyEc2Signature(SECRET, { ...v2, signature: 'RulLg/xhYbwLmwuyD9ImS03O2SLe/tuL3dIFcveeOgE=' }),
    ).toBe(true);
  });

  it('refuses a wrong secret, a tampered parameter, no signature and an unknown version', () => {
    const signature = 'qYawMEwvcRRqRqj+MNeNIyvEWlqP3Ed7TI3lU202jfA=';
    expect(verifyEc2Signature('other', { ...v2, signature })).toBe(false);
    expect(
      verifyEc2Signature(SECRET, { ...v2, signature, params: { ...v2.params, Action: 'RunInstances' } }),
    ).toBe(false);
    expect(verifyEc2Signature(SECRET, { ...v2 })).toBe(false);
    expect(verifyEc2Signature(SECRET, { ...v2, signature, params: { SignatureVersion: '9' } })).toBe(false);
    expect(verifyEc2Signature(SECRET, { access: 'a', signature })).toBe(false);
  });

  it('refuses a v4 request whose date is outside its credential scope', () => {
    const creds = { ...v4Header, headers: { ...v4Header.headers, 'X-Amz-Date': '20261201T000000Z' } };
    expect(() => computeEc2Signature(SECRET, creds)).toThrow('Request date mismatch');
    expect(verifyEc2Signature(SECRET, { ...creds, signature: 'c490eeab' })).toBe(false);
  });
});

describe('ec2RequestTime', () => {
  it('reads v2 Timestamp and v4 X-Amz-Date, or says none was signed', () => {
    expect(ec2RequestTime(v2)).toBe(Date.UTC(2026, 10, 30, 5, 0, 0));
    expect(ec2RequestTime(v4Header)).toBe(Date.UTC(2026, 10, 30, 5, 0, 0));
    expect(ec2RequestTime(v4Query)).toBe(Date.UTC(2026, 10, 30, 5, 0, 0));
    expect(ec2RequestTime({ access: 'a', params: {} })).toBeNull();
    expect(ec2RequestTime({ access: 'a', params: { Timestamp: 'yesterday' } })).toBeNaN();
  });
});
