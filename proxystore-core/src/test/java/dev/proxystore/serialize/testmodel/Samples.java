package dev.proxystore.serialize.testmodel;

import java.util.Map;

/** An object holding primitive arrays, as numerical applications do. */
public class Samples {

    public String name = "";
    public double[] values = new double[0];
    public int[] counts = new int[0];
    public float[] weights = new float[0];
    public long[] ids = new long[0];
    public short[] flags = new short[0];
    public char[] letters = new char[0];
    public Object untyped;
    public Map<String, Object> extra;
}
