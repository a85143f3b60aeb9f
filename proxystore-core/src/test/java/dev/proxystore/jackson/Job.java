package dev.proxystore.jackson;

import java.util.List;

/** A bean with proxy-typed properties. */
public class Job {

    private String name;
    private Matrix matrix;
    private List<Integer> numbers;

    public Job() {
    }

    public Job(String name, Matrix matrix, List<Integer> numbers) {
        this.name = name;
        this.matrix = matrix;
        this.numbers = numbers;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Matrix getMatrix() {
        return matrix;
    }

    public void setMatrix(Matrix matrix) {
        this.matrix = matrix;
    }

    public List<Integer> getNumbers() {
        return numbers;
    }

    public void setNumbers(List<Integer> numbers) {
        this.numbers = numbers;
    }
}
