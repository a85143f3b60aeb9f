package dev.proxystore.jackson;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.ser.std.StdSerializer;

/** A class with its own serializer, which a proxy of it must not use (it would resolve the proxy). */
@JsonSerialize(using = Labelled.LabelSerializer.class)
public class Labelled {

    private String label = "";

    public Labelled() {
    }

    public Labelled(String label) {
        this.label = label;
    }

    public String getLabel() {
        return label;
    }

    public void setLabel(String label) {
        this.label = label;
    }

    /** Writes the label as a plain string. */
    public static final class LabelSerializer extends StdSerializer<Labelled> {
        public LabelSerializer() {
            super(Labelled.class);
        }

        @Override
        public void serialize(Labelled value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(value.getLabel());
        }
    }
}
